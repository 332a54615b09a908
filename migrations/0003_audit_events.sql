-- Who read or changed patient data: append-only. Rows are inserted in the same transaction as the change they
-- describe; UPDATE, DELETE and TRUNCATE raise. Resource ids are UIDs and internal keys, never patient data.

CREATE TABLE audit_events (
    id              bigint                   GENERATED ALWAYS AS IDENTITY,
    occurred_at     timestamp with time zone NOT NULL,
    actor_kind      character varying(16)    NOT NULL,
    actor_id        character varying(128)   NOT NULL,
    actor_name      character varying(256),
    actor_roles     text[]                   NOT NULL,
    action          character varying(64)    NOT NULL,
    resource_type   character varying(64)    NOT NULL,
    resource_ids    text[]                   NOT NULL,
    outcome         character varying(16)    NOT NULL,
    client_address  character varying(64),
    user_agent_hash character varying(16),
    correlation_id  character varying(64),
    CONSTRAINT pk_audit_events PRIMARY KEY (id)
);
CREATE INDEX ix_audit_events_occurred_at ON audit_events (occurred_at);
CREATE INDEX ix_audit_events_actor_id ON audit_events (actor_id);
CREATE INDEX ix_audit_events_resource_ids ON audit_events USING gin (resource_ids);

CREATE FUNCTION audit_events_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_events_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_reject_change();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_reject_change();

-- Where the service runs as a role that does not own the tables (recommended), it may only append.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM PUBLIC;
