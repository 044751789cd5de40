-- One undo mechanism: an applied selection becomes a change batch of kind 'selection',
-- like a bulk status change, instead of its own run and change tables. Runs already
-- applied keep their undo: each change is linked to the audit entry written with it
-- (same application, same time, same new status).

INSERT INTO change_batch (id, at, actor, kind, undone_at)
    SELECT id, at, actor, 'selection', undone_at FROM selection_run;

INSERT OR IGNORE INTO change_batch_entry (batch_id, audit_entry_id)
    SELECT r.id, e.id
    FROM selection_run r
    JOIN selection_change c ON c.run_id = r.id
    JOIN audit_entry e
        ON e.entity = 'application' AND e.entity_id = c.application_id
       AND e.field = 'status' AND e.at = r.at AND e.new_value = c.new_status;

DROP TABLE selection_change;
DROP TABLE selection_run;
