-- Import and review (issue 4). Self-contained: only new tables, nothing altered.

-- The column mapping learned from earlier imports: a header (folded, as the importer
-- compares them) and the field it filled; NULL means the coordinator ignored the column.
CREATE TABLE import_mapping (
    header_key TEXT PRIMARY KEY,
    header     TEXT NOT NULL,
    field      TEXT,
    updated_at TEXT NOT NULL
) STRICT;

-- A bulk change groups its audit entries, so it can be undone in one step.
CREATE TABLE change_batch (
    id        BLOB PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    kind      TEXT NOT NULL,
    undone_at TEXT
) STRICT;
CREATE INDEX change_batch_at ON change_batch (at);

CREATE TABLE change_batch_entry (
    batch_id       BLOB NOT NULL REFERENCES change_batch (id) ON DELETE CASCADE,
    audit_entry_id BLOB NOT NULL REFERENCES audit_entry (id) ON DELETE CASCADE,
    PRIMARY KEY (batch_id, audit_entry_id)
) STRICT;
