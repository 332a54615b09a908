-- How far the continuous import has read each PACS's change log (Orthanc's /changes sequence numbers), so that a
-- restart of this service or of the PACS resumes where it stopped. One row per PACS, keyed by its base URL.

CREATE TABLE pacs_change_cursors (
    source        character varying(512)   NOT NULL,
    last_sequence bigint                   NOT NULL,
    updated_at    timestamp with time zone NOT NULL,
    CONSTRAINT pk_pacs_change_cursors PRIMARY KEY (source)
);
