-- A study filed under an unidentified patient (empty Patient ID, migration 0015) can be reconciled to its real patient
-- (docs/decisions/0811): the study row is re-parented and the unidentified patient deleted. reconciled_at marks such a
-- study, so that objects still arriving with an empty Patient ID join it under the reconciled patient instead of
-- being refused as belonging to another patient.
ALTER TABLE studies ADD COLUMN reconciled_at timestamp with time zone;
