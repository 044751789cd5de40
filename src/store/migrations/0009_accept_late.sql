-- Kohorte schema, version 9: whether a programme accepts applications received after
-- its deadline. Off by default, as the call says ("bis Ende September"): late ones stay
-- out of the tandem proposals until the coordinator lets them in.

ALTER TABLE programme ADD COLUMN accept_late INTEGER NOT NULL DEFAULT 0 CHECK (accept_late IN (0, 1));
