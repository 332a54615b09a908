-- API keys for machines (modalities, PACS, AI workers). Only a SHA-256 hash of the secret part is stored; the
-- public prefix finds the row. Keys are revoked, never deleted, so the audit trail's actor ids stay resolvable.

CREATE TABLE api_keys (
    id           uuid                     NOT NULL,
    prefix       character varying(16)    NOT NULL,
    name         character varying(128)   NOT NULL,
    secret_hash  bytea                    NOT NULL,
    scopes       text[]                   NOT NULL,
    created_by   character varying(128)   NOT NULL,
    created_at   timestamp with time zone NOT NULL,
    expires_at   timestamp with time zone,
    revoked_at   timestamp with time zone,
    last_used_at timestamp with time zone,
    CONSTRAINT pk_api_keys PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ux_api_keys_prefix ON api_keys (prefix);
