-- Kohorte schema, version 2: balance quotas and the selection assistant.

-- Min/max quotas per value of a dimension. track_role NULL: both tracks together.
-- Roles are unique per programme, so the role names the track without a join.
CREATE TABLE quota (
    id           BLOB PRIMARY KEY,
    programme_id BLOB NOT NULL REFERENCES programme (id) ON DELETE CASCADE,
    track_role   TEXT CHECK (track_role IS NULL OR track_role IN ('fuehrung', 'change')),
    dimension    TEXT NOT NULL CHECK (dimension IN
                   ('state', 'region', 'experience', 'kind', 'gender', 'fellow', 'tandem')),
    value        TEXT NOT NULL,
    min_count    INTEGER CHECK (min_count IS NULL OR min_count >= 0),
    max_count    INTEGER CHECK (max_count IS NULL OR max_count >= 0),
    -- Kept for the round trip with the Sortition Foundation's tools.
    min_flex     INTEGER CHECK (min_flex IS NULL OR min_flex >= 0),
    max_flex     INTEGER CHECK (max_flex IS NULL OR max_flex >= 0),
    position     INTEGER NOT NULL,
    CHECK (min_count IS NULL OR max_count IS NULL OR min_count <= max_count)
) STRICT;
-- One quota per value and scope; coalesce because NULLs never collide in UNIQUE.
CREATE UNIQUE INDEX quota_key ON quota (programme_id, coalesce(track_role, ''), dimension, value);

-- A coordinator's lock on an application: always in the cohort, or never.
CREATE TABLE selection_lock (
    application_id BLOB PRIMARY KEY REFERENCES application (id) ON DELETE CASCADE,
    lock           TEXT NOT NULL CHECK (lock IN ('in', 'out')),
    at             TEXT NOT NULL,
    actor          TEXT NOT NULL
) STRICT;

-- Each applied proposal, so "Übernehmen" can be undone as a whole.
CREATE TABLE selection_run (
    id           BLOB PRIMARY KEY,
    programme_id BLOB NOT NULL REFERENCES programme (id) ON DELETE CASCADE,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    undone_at    TEXT
) STRICT;

CREATE TABLE selection_change (
    run_id         BLOB NOT NULL REFERENCES selection_run (id) ON DELETE CASCADE,
    application_id BLOB NOT NULL REFERENCES application (id) ON DELETE CASCADE,
    old_status     TEXT NOT NULL,
    new_status     TEXT NOT NULL,
    PRIMARY KEY (run_id, application_id)
) STRICT;
