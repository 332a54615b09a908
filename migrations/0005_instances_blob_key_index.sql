-- Ingest asks "does any instance still refer to this object?" when it discards an object it could not register,
-- and the stray object sweeper asks it for every old object: answer from an index, not a table scan.
CREATE INDEX ix_instances_blob_key ON instances (blob_key);
