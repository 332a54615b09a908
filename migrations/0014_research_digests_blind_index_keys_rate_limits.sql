-- Research pseudonyms (docs/decisions/0506) are traced back to the archive's UIDs through the first 16 bytes of each
-- UID's SHA-256: a keyed permutation of that prefix is the pseudonym. The digests are unkeyed (the UIDs are in these
-- rows in plain text), so no key ever reaches the database and a new research key needs no re-index.
CREATE INDEX ix_studies_uid_digest ON studies ((substring(sha256(study_instance_uid::bytea) from 1 for 16)));
CREATE INDEX ix_series_uid_digest ON series ((substring(sha256(series_instance_uid::bytea) from 1 for 16)));
CREATE INDEX ix_instances_uid_digest ON instances ((substring(sha256(sop_instance_uid::bytea) from 1 for 16)));

-- Blind index key rotation (docs/security.md): each patient row records the blind index key its patient_id_index and
-- phi_search_tokens are under. Rows written before had the one configured key, whose id defaults to '1'.
ALTER TABLE patients ADD COLUMN blind_index_key_id character varying(32) NOT NULL DEFAULT '1';
ALTER TABLE patients ALTER COLUMN blind_index_key_id DROP DEFAULT;

-- Cluster-wide rate limits (Security:RateLimitStore = PostgreSql): one fixed-window counter per caller and window,
-- bumped by one upsert per request. UNLOGGED: counters need no crash safety or replication, and skip the WAL. The
-- caller is stored as a truncated SHA-256 of the partition key (no user ids or addresses in the table).
CREATE UNLOGGED TABLE rate_limit_counters (
    partition_hash bytea                    NOT NULL,
    window_start   timestamp with time zone NOT NULL,
    permits        integer                  NOT NULL,
    CONSTRAINT pk_rate_limit_counters PRIMARY KEY (partition_hash, window_start)
);
