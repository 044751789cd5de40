-- Kohorte schema, version 6: several programmes per file, edited by the coordinator.

-- The venue's federal state, for the public holidays a module date may fall on.
ALTER TABLE programme ADD COLUMN venue_state TEXT NOT NULL DEFAULT '';
-- Letterhead logo and signature as the coordinator chose them (PNG or JPEG bytes), kept
-- in the file so a programme travels with its letters' look.
ALTER TABLE programme ADD COLUMN logo BLOB;
ALTER TABLE programme ADD COLUMN signature BLOB;

-- Grows by one whenever a module's dates change: the iCalendar SEQUENCE and the hint
-- that letters written before carry old dates.
ALTER TABLE module ADD COLUMN date_revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE module ADD COLUMN dates_changed_at TEXT;

-- Small per-file choices of the window (the programme last worked on).
CREATE TABLE app_setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Undo works per programme: a batch belongs to the programme whose applications it
-- changed. Earlier batches are assigned through their entries.
ALTER TABLE change_batch ADD COLUMN programme_id BLOB REFERENCES programme (id) ON DELETE CASCADE;
UPDATE change_batch SET programme_id = (
    SELECT a.programme_id
    FROM change_batch_entry e
    JOIN audit_entry x ON x.id = e.audit_entry_id
    JOIN application a ON a.id = x.entity_id
    WHERE e.batch_id = change_batch.id
    LIMIT 1
);
