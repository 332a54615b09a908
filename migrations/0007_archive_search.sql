-- The REST archive search (docs/archive-api.md): study description as case-insensitive substring, manufacturer
-- case-insensitive. pg_trgm ships with PostgreSQL (contrib) and is a trusted extension since PostgreSQL 13: the
-- migrating role needs CREATE on the database, not superuser.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- description ILIKE '%text%' cannot use a b-tree; a trigram index serves any substring of three characters or more.
CREATE INDEX ix_studies_description_trgm ON studies USING gin (description gin_trgm_ops);

CREATE INDEX ix_series_manufacturer_lower ON series (lower(manufacturer));

-- hasContrast: which series have an image with a contrast/bolus agent, without reading the instances that have none.
CREATE INDEX ix_instances_series_key_contrast ON instances (series_key) WHERE contrast_bolus_agent IS NOT NULL;
