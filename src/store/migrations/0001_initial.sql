-- Kohorte schema, version 1: every entity of the design brief.
-- Keys are UUIDs (16-byte blobs), so two files can be merged later without clashes.
-- Dates are ISO 8601 text ("2025-09-30", "2025-09-16T09:41:00").

CREATE TABLE federal_state (
    code   TEXT PRIMARY KEY,                 -- ISO 3166-2, e.g. DE-NW
    name   TEXT NOT NULL UNIQUE,
    region TEXT NOT NULL CHECK (region IN ('nord', 'ost', 'sued', 'west'))
) STRICT;

CREATE TABLE programme (
    id                   BLOB PRIMARY KEY,
    name                 TEXT NOT NULL,
    is_demo              INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
    organiser_name       TEXT NOT NULL DEFAULT '',
    organiser_address    TEXT NOT NULL DEFAULT '',
    organiser_contact    TEXT NOT NULL DEFAULT '',
    signatory_name       TEXT NOT NULL DEFAULT '',
    signatory_role       TEXT NOT NULL DEFAULT '',
    venue                TEXT NOT NULL DEFAULT '',
    application_deadline TEXT NOT NULL,
    cost_note            TEXT NOT NULL DEFAULT '',
    travel_note          TEXT NOT NULL DEFAULT '',
    created_at           TEXT NOT NULL
) STRICT;

-- Experience bands are configurable per programme: [min_years, max_years).
CREATE TABLE experience_band (
    id           BLOB PRIMARY KEY,
    programme_id BLOB NOT NULL REFERENCES programme (id) ON DELETE CASCADE,
    label        TEXT NOT NULL,
    min_years    REAL NOT NULL,
    max_years    REAL,
    position     INTEGER NOT NULL
) STRICT;

CREATE TABLE track (
    id           BLOB PRIMARY KEY,
    programme_id BLOB NOT NULL REFERENCES programme (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('fuehrung', 'change')),
    target_role  TEXT NOT NULL DEFAULT '',
    capacity     INTEGER NOT NULL CHECK (capacity >= 0),
    free_places  INTEGER NOT NULL CHECK (free_places >= 0),
    UNIQUE (programme_id, role)
) STRICT;

CREATE TABLE module (
    id           BLOB PRIMARY KEY,
    programme_id BLOB NOT NULL REFERENCES programme (id) ON DELETE CASCADE,
    number       INTEGER NOT NULL,
    title        TEXT NOT NULL,
    topics       TEXT NOT NULL DEFAULT '[]',   -- JSON array of strings
    date_label   TEXT NOT NULL DEFAULT '',
    start_date   TEXT,
    end_date     TEXT,
    venue        TEXT NOT NULL DEFAULT '',
    UNIQUE (programme_id, number),
    CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date)
) STRICT;

CREATE TABLE agenda_item (
    id         BLOB PRIMARY KEY,
    module_id  BLOB NOT NULL REFERENCES module (id) ON DELETE CASCADE,
    day        INTEGER NOT NULL CHECK (day IN (1, 2)),
    start_time TEXT NOT NULL,
    end_time   TEXT NOT NULL,
    title      TEXT NOT NULL,
    format     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX agenda_item_module ON agenda_item (module_id, day, start_time);

CREATE TABLE municipality (
    id         BLOB PRIMARY KEY,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN
                 ('kreisfreie_stadt', 'landkreis', 'kreisangehoerige_gemeinde', 'stadtstaat')),
    state_code TEXT NOT NULL REFERENCES federal_state (code),
    UNIQUE (name, state_code)
) STRICT;

-- Fellow status is per programme: a municipality may be a fellow in one year only.
CREATE TABLE programme_fellow (
    programme_id    BLOB NOT NULL REFERENCES programme (id) ON DELETE CASCADE,
    municipality_id BLOB NOT NULL REFERENCES municipality (id) ON DELETE CASCADE,
    PRIMARY KEY (programme_id, municipality_id)
) STRICT;

CREATE TABLE person (
    id                  BLOB PRIMARY KEY,
    salutation          TEXT NOT NULL DEFAULT 'keine' CHECK (salutation IN ('frau', 'herr', 'keine')),
    title               TEXT NOT NULL DEFAULT '',
    first_name          TEXT NOT NULL,
    last_name           TEXT NOT NULL,
    email               TEXT NOT NULL,
    phone               TEXT NOT NULL DEFAULT '',
    job_title           TEXT NOT NULL DEFAULT '',
    municipality_id     BLOB NOT NULL REFERENCES municipality (id),
    street              TEXT NOT NULL DEFAULT '',
    postal_code         TEXT NOT NULL DEFAULT '',
    city                TEXT NOT NULL DEFAULT '',
    gender              TEXT NOT NULL DEFAULT '',
    dietary_needs       TEXT NOT NULL DEFAULT '',
    accessibility_needs TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
) STRICT;
CREATE INDEX person_email ON person (lower(email));

CREATE TABLE application (
    id                  BLOB PRIMARY KEY,
    programme_id        BLOB NOT NULL REFERENCES programme (id) ON DELETE CASCADE,
    person_id           BLOB NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    track_id            BLOB NOT NULL REFERENCES track (id),
    received_at         TEXT NOT NULL,
    source              TEXT NOT NULL CHECK (source IN ('import', 'manual', 'demo')),
    motivation          TEXT NOT NULL DEFAULT '',
    experience_years    REAL CHECK (experience_years IS NULL OR experience_years >= 0),
    tandem_partner_text TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL DEFAULT 'eingegangen' CHECK (status IN
                          ('eingegangen', 'in_pruefung', 'zugesagt', 'warteliste', 'abgesagt',
                           'zurueckgezogen')),
    score               INTEGER CHECK (score IS NULL OR score BETWEEN 1 AND 5),
    reviewer_notes      TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
) STRICT;
CREATE INDEX application_programme ON application (programme_id, track_id, status);
CREATE INDEX application_person ON application (person_id);

-- A leader (Führung) and a planner (Change); each application is in at most one tandem.
CREATE TABLE tandem (
    id                     BLOB PRIMARY KEY,
    programme_id           BLOB NOT NULL REFERENCES programme (id) ON DELETE CASCADE,
    leader_application_id  BLOB NOT NULL UNIQUE REFERENCES application (id) ON DELETE CASCADE,
    planner_application_id BLOB NOT NULL UNIQUE REFERENCES application (id) ON DELETE CASCADE,
    confirmed              INTEGER NOT NULL DEFAULT 0 CHECK (confirmed IN (0, 1)),
    created_at             TEXT NOT NULL
) STRICT;

CREATE TABLE document (
    id             BLOB PRIMARY KEY,
    application_id BLOB REFERENCES application (id) ON DELETE CASCADE,
    module_id      BLOB REFERENCES module (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    file_name      TEXT NOT NULL,
    content_hash   TEXT NOT NULL
) STRICT;
CREATE INDEX document_application ON document (application_id);

CREATE TABLE attendance (
    application_id BLOB NOT NULL REFERENCES application (id) ON DELETE CASCADE,
    module_id      BLOB NOT NULL REFERENCES module (id) ON DELETE CASCADE,
    day            INTEGER NOT NULL CHECK (day IN (1, 2)),
    present        INTEGER NOT NULL CHECK (present IN (0, 1)),
    PRIMARY KEY (application_id, module_id, day)
) STRICT;

-- Every change a coordinator makes, with who and when; "late" and other derived facts
-- never appear here because they are never stored.
CREATE TABLE audit_entry (
    id        BLOB PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id BLOB NOT NULL,
    field     TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT
) STRICT;
CREATE INDEX audit_entry_entity ON audit_entry (entity, entity_id, at);

INSERT INTO federal_state (code, name, region) VALUES
    ('DE-BW', 'Baden-Württemberg', 'sued'),
    ('DE-BY', 'Bayern', 'sued'),
    ('DE-BE', 'Berlin', 'ost'),
    ('DE-BB', 'Brandenburg', 'ost'),
    ('DE-HB', 'Bremen', 'nord'),
    ('DE-HH', 'Hamburg', 'nord'),
    ('DE-HE', 'Hessen', 'west'),
    ('DE-MV', 'Mecklenburg-Vorpommern', 'ost'),
    ('DE-NI', 'Niedersachsen', 'nord'),
    ('DE-NW', 'Nordrhein-Westfalen', 'west'),
    ('DE-RP', 'Rheinland-Pfalz', 'west'),
    ('DE-SL', 'Saarland', 'west'),
    ('DE-SN', 'Sachsen', 'ost'),
    ('DE-ST', 'Sachsen-Anhalt', 'ost'),
    ('DE-SH', 'Schleswig-Holstein', 'nord'),
    ('DE-TH', 'Thüringen', 'ost');
