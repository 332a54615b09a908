-- Patient direct identifiers are stored encrypted (AES-256-GCM, by the application's keyring) and found by a
-- keyed blind index (HMAC-SHA256) of the Patient ID. See docs/security.md and docs/decisions/0502.
-- SQL cannot encrypt with the application's keys, so this migration refuses a database that already holds
-- plaintext patients (only development databases can, since no release stored any): recreate that database.

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM patients) THEN
        RAISE EXCEPTION 'patients holds plaintext rows written before PHI encryption; recreate this development database (scripts/lib/local-postgres.sh) and ingest again';
    END IF;
END $$;

DROP INDEX ux_patients_patient_id_issuer;
ALTER TABLE patients
    DROP COLUMN patient_id,
    DROP COLUMN patient_name,
    DROP COLUMN birth_date,
    -- each ciphertext embeds its key id; phi_key_id names the key of the whole row, for rotation
    ADD COLUMN patient_id_cipher   bytea                 NOT NULL,
    ADD COLUMN patient_id_index    bytea                 NOT NULL,
    ADD COLUMN patient_name_cipher bytea,
    ADD COLUMN birth_date_cipher   bytea,
    ADD COLUMN phi_key_id          character varying(32) NOT NULL;
CREATE UNIQUE INDEX ux_patients_patient_id_index_issuer ON patients (patient_id_index, issuer_of_patient_id);
