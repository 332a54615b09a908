-- The archive index: Patient → Study → Series → Instance, with the metadata users search by.
-- Applied by DatabaseMigrator inside one transaction; never edit once applied: add a new file instead.

CREATE TABLE patients (
    id                   uuid                     NOT NULL,
    patient_id           character varying(64)    NOT NULL,
    -- '' when the objects named no issuer, so (patient_id, issuer) stays a plain unique key
    issuer_of_patient_id character varying(64)    NOT NULL,
    patient_name         character varying(324),
    birth_date           date,
    sex                  character varying(16),
    created_at           timestamp with time zone NOT NULL,
    updated_at           timestamp with time zone NOT NULL,
    CONSTRAINT pk_patients PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ux_patients_patient_id_issuer ON patients (patient_id, issuer_of_patient_id);

CREATE TABLE studies (
    id                       uuid                     NOT NULL,
    study_instance_uid       character varying(64)    NOT NULL,
    patient_key              uuid                     NOT NULL,
    study_date               date,
    study_time               time without time zone,
    description              character varying(64),
    accession_number         character varying(16),
    referring_physician_name character varying(324),
    study_id                 character varying(16),
    patient_age              character varying(4),
    patient_weight_kg        double precision,
    patient_size_metres      double precision,
    created_at               timestamp with time zone NOT NULL,
    updated_at               timestamp with time zone NOT NULL,
    CONSTRAINT pk_studies PRIMARY KEY (id),
    CONSTRAINT fk_studies_patients FOREIGN KEY (patient_key) REFERENCES patients (id) ON DELETE RESTRICT
);
CREATE UNIQUE INDEX ux_studies_study_instance_uid ON studies (study_instance_uid);
CREATE INDEX ix_studies_patient_key ON studies (patient_key);
CREATE INDEX ix_studies_study_date ON studies (study_date);
CREATE INDEX ix_studies_accession_number ON studies (accession_number);

CREATE TABLE series (
    id                      uuid                     NOT NULL,
    series_instance_uid     character varying(64)    NOT NULL,
    study_key               uuid                     NOT NULL,
    series_number           integer,
    description             character varying(64),
    modality                character varying(16),
    body_part_examined      character varying(64),
    laterality              character varying(16),
    patient_position        character varying(16),
    protocol_name           character varying(64),
    series_date             date,
    series_time             time without time zone,
    manufacturer            character varying(64),
    manufacturer_model_name character varying(64),
    software_versions       character varying(256),
    station_name            character varying(16),
    institution_name        character varying(64),
    created_at              timestamp with time zone NOT NULL,
    updated_at              timestamp with time zone NOT NULL,
    CONSTRAINT pk_series PRIMARY KEY (id),
    CONSTRAINT fk_series_studies FOREIGN KEY (study_key) REFERENCES studies (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX ux_series_series_instance_uid ON series (series_instance_uid);
CREATE INDEX ix_series_study_key ON series (study_key);
CREATE INDEX ix_series_modality ON series (modality);
-- Body part search is case-insensitive.
CREATE INDEX ix_series_body_part_examined_lower ON series (lower(body_part_examined));

CREATE TABLE instances (
    id                        uuid                     NOT NULL,
    sop_instance_uid          character varying(64)    NOT NULL,
    sop_class_uid             character varying(64)    NOT NULL,
    transfer_syntax_uid       character varying(64)    NOT NULL,
    series_key                uuid                     NOT NULL,
    instance_number           integer,
    -- image pixel module
    rows                      integer,
    columns                   integer,
    bits_allocated            integer,
    bits_stored               integer,
    number_of_frames          integer,
    photometric_interpretation character varying(16),
    -- acquisition
    slice_thickness_mm        double precision,
    pixel_spacing_row_mm      double precision,
    pixel_spacing_column_mm   double precision,
    spacing_between_slices_mm double precision,
    contrast_bolus_agent      character varying(64),
    kvp                       double precision,
    exposure_time_ms          double precision,
    repetition_time_ms        double precision,
    echo_time_ms              double precision,
    field_of_view_mm          double precision,
    -- cardiac gating
    trigger_time_ms           double precision,
    heart_rate_bpm            integer,
    nominal_interval_ms       double precision,
    cardiac_number_of_images  integer,
    -- the original object in the blob store
    blob_key                  character varying(256)   NOT NULL,
    size_bytes                bigint                   NOT NULL,
    sha256                    character(64)            NOT NULL,
    -- the whole header as DICOM JSON (PS3.18 F.2), bulk data excluded
    header_json               jsonb                    NOT NULL,
    created_at                timestamp with time zone NOT NULL,
    updated_at                timestamp with time zone NOT NULL,
    CONSTRAINT pk_instances PRIMARY KEY (id),
    CONSTRAINT fk_instances_series FOREIGN KEY (series_key) REFERENCES series (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX ux_instances_sop_instance_uid ON instances (sop_instance_uid);
CREATE INDEX ix_instances_series_key ON instances (series_key);
-- Containment queries on any attribute: header_json @> '{"00180015":{"Value":["CHEST"]}}'
CREATE INDEX ix_instances_header_json ON instances USING gin (header_json jsonb_path_ops);
