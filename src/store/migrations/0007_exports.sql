-- Kohorte schema, version 7: exports (issue 13).
-- The attendee list's chosen columns and filter, remembered per programme (JSON of
-- `export::ListSettings`, read back through serde so a later column set stays readable).
CREATE TABLE export_setting (
    programme_id BLOB PRIMARY KEY REFERENCES programme (id) ON DELETE CASCADE,
    settings     TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;

-- What a calendar export last said about each module: a fingerprint of its dates, times,
-- venue and title, and the SEQUENCE it went out with. A changed fingerprint raises the
-- sequence, so calendar programs update the event instead of adding a second one.
CREATE TABLE module_calendar (
    module_id   BLOB PRIMARY KEY REFERENCES module (id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    sequence    INTEGER NOT NULL CHECK (sequence >= 0)
) STRICT;

-- The e-mail texts (first line the subject) the coordinator edited, one per programme
-- and letter kind. No row means the default shipped in assets/templates/ applies.
CREATE TABLE mail_template (
    programme_id BLOB NOT NULL REFERENCES programme (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('zusage', 'warteliste', 'absage')),
    body         TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (programme_id, kind)
) STRICT;
