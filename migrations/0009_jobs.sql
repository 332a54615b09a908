-- The durable job queue (docs/workflow.md). Workers claim with UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)
-- so that two workers never take the same row; a claim is a lease that the worker renews while it runs, and a lease
-- that expires (the worker crashed) makes the job claimable again. Times compare against the database clock only.

CREATE TABLE jobs (
    id                uuid                     NOT NULL,
    -- what the payload means, e.g. 'analyze-instance'; workers claim only the kinds they can run
    kind              character varying(64)    NOT NULL,
    -- ids and options only, never patient data
    payload           jsonb                    NOT NULL,
    status            character varying(16)    NOT NULL,
    -- higher runs first
    priority          integer                  NOT NULL,
    attempts          integer                  NOT NULL,
    max_attempts      integer                  NOT NULL,
    -- not before this time (the backoff after a failed attempt)
    run_after         timestamp with time zone NOT NULL,
    lease_owner       character varying(128),
    lease_expires_at  timestamp with time zone,
    -- exception type and message of the last failed attempt (our messages name attributes and ids, never patient data)
    last_error        character varying(1024),
    -- one job per deduplication key: queuing the same work twice finds the first job
    dedupe_key        character varying(256),
    created_at        timestamp with time zone NOT NULL,
    -- the last claim, and when the job succeeded or died
    started_at        timestamp with time zone,
    finished_at       timestamp with time zone,
    updated_at        timestamp with time zone NOT NULL,
    CONSTRAINT pk_jobs PRIMARY KEY (id),
    CONSTRAINT ck_jobs_status CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'dead')),
    CONSTRAINT ck_jobs_lease CHECK ((status = 'running') = (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL)),
    CONSTRAINT ck_jobs_attempts CHECK (attempts >= 0 AND max_attempts >= 1)
);
CREATE UNIQUE INDEX ux_jobs_dedupe_key ON jobs (dedupe_key);
-- What a claim scans: jobs waiting to run, best first; and running jobs by lease expiry (the reclaim).
CREATE INDEX ix_jobs_waiting ON jobs (priority DESC, run_after) WHERE status IN ('queued', 'failed');
CREATE INDEX ix_jobs_lease_expires_at ON jobs (lease_expires_at) WHERE status = 'running';
