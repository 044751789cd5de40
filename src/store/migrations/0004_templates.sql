-- Letter templates the coordinator edited in the Dokumente view (issue 6), one per
-- programme and kind. No row means the default shipped in assets/templates/ applies.
CREATE TABLE letter_template (
    programme_id BLOB NOT NULL REFERENCES programme (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('zusage', 'warteliste', 'absage')),
    body         TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (programme_id, kind)
) STRICT;
