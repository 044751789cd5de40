-- Kohorte schema, version 8: the letter kind "Terminänderung". The kinds of the
-- coordinator's letter and e-mail texts are checked by the app (LetterKind), so the
-- tables drop their fixed list instead of growing it with every new kind.

CREATE TABLE letter_template_new (
    programme_id BLOB NOT NULL REFERENCES programme (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    body         TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (programme_id, kind)
) STRICT;
INSERT INTO letter_template_new SELECT programme_id, kind, body, updated_at FROM letter_template;
DROP TABLE letter_template;
ALTER TABLE letter_template_new RENAME TO letter_template;

CREATE TABLE mail_template_new (
    programme_id BLOB NOT NULL REFERENCES programme (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    body         TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (programme_id, kind)
) STRICT;
INSERT INTO mail_template_new SELECT programme_id, kind, body, updated_at FROM mail_template;
DROP TABLE mail_template;
ALTER TABLE mail_template_new RENAME TO mail_template;
