-- Objects whose Patient ID (0010,0020) is present but empty (Type 2: value unknown) are filed under an unidentified
-- patient, one per study (docs/decisions/0808). Such a row has no blind index: it never matches a Patient ID search
-- and never takes part in the (patient_id_index, issuer) key, so two unknown patients are never filed as one.
ALTER TABLE patients ALTER COLUMN patient_id_index DROP NOT NULL;
-- "Which studies still wait for reconciliation?" is answered from this index, not a scan of every patient.
CREATE INDEX ix_patients_unidentified ON patients (id) WHERE patient_id_index IS NULL;
