-- Inference results: one model's analysis of one stored instance, the findings a radiologist reads off it, and each
-- study's triage priority. Priorities are stored as numbers so that "the highest" is max() and a worklist sorts by
-- the value descending: 0 normal, 1 routine, 2 urgent, 3 critical (TriagePriority in the domain).

CREATE TABLE inference_results (
    id                     uuid                     NOT NULL,
    instance_key           uuid                     NOT NULL,
    -- the instance's study, so a study's results are one indexed lookup
    study_key              uuid                     NOT NULL,
    -- the job that produced the result (no foreign key: jobs are pruned, results are kept)
    job_id                 uuid,
    model_id               character varying(128)   NOT NULL,
    model_version          character varying(64)    NOT NULL,
    model_task             character varying(16)    NOT NULL,
    -- [{"label": "nodule", "probability": 0.83, "threshold": 0.21}, ...] in the model's label order
    probabilities          jsonb                    NOT NULL,
    -- the highest probability over the labels
    confidence             real                     NOT NULL,
    -- Monte Carlo dropout; all null when the model has no dropout input
    uncertainty_samples             integer,
    uncertainty_predictive_entropy  real,
    uncertainty_mutual_information  real,
    uncertainty_normalized          real,
    -- class activation map; the PNGs live in the blob store
    cam_method             character varying(32),
    cam_target_label       character varying(128),
    heatmap_blob_key       character varying(256),
    overlay_blob_key       character varying(256),
    -- [{"x":..,"y":..,"width":..,"height":..,"peakX":..,"peakY":..,"peakActivation":..,"meanActivation":..,"area":..}]
    attention_regions      jsonb                    NOT NULL,
    quality_score          real,
    priority               smallint                 NOT NULL,
    needs_review           boolean                  NOT NULL,
    -- ["low-confidence", "high-uncertainty"]
    review_reasons         jsonb                    NOT NULL,
    queued_at              timestamp with time zone,
    started_at             timestamp with time zone NOT NULL,
    completed_at           timestamp with time zone NOT NULL,
    inference_duration_ms  double precision         NOT NULL,
    created_at             timestamp with time zone NOT NULL,
    updated_at             timestamp with time zone NOT NULL,
    CONSTRAINT pk_inference_results PRIMARY KEY (id),
    CONSTRAINT fk_inference_results_instances FOREIGN KEY (instance_key) REFERENCES instances (id) ON DELETE CASCADE,
    CONSTRAINT fk_inference_results_studies FOREIGN KEY (study_key) REFERENCES studies (id) ON DELETE CASCADE,
    CONSTRAINT ck_inference_results_priority CHECK (priority BETWEEN 0 AND 3),
    CONSTRAINT ck_inference_results_model_task CHECK (model_task IN ('multi-class', 'multi-label'))
);
-- Idempotent analyses: a job run again after a crash finds the result it (or its predecessor) stored.
CREATE UNIQUE INDEX ux_inference_results_instance_model_version ON inference_results (instance_key, model_id, model_version);
CREATE INDEX ix_inference_results_study_key ON inference_results (study_key);

CREATE TABLE findings (
    id                    uuid                     NOT NULL,
    inference_result_key  uuid                     NOT NULL,
    -- position in the result's list, most severe and most confident first
    ordinal               integer                  NOT NULL,
    label                 character varying(128)   NOT NULL,
    confidence            real                     NOT NULL,
    threshold             double precision         NOT NULL,
    severity              smallint                 NOT NULL,
    location_description  character varying(256),
    -- the same shape as one attention region; null when the model cannot localise the finding
    location              jsonb,
    recommendation        character varying(256)   NOT NULL,
    created_at            timestamp with time zone NOT NULL,
    updated_at            timestamp with time zone NOT NULL,
    CONSTRAINT pk_findings PRIMARY KEY (id),
    CONSTRAINT fk_findings_inference_results FOREIGN KEY (inference_result_key) REFERENCES inference_results (id) ON DELETE CASCADE,
    CONSTRAINT ck_findings_severity CHECK (severity BETWEEN 0 AND 3)
);
CREATE UNIQUE INDEX ux_findings_inference_result_key_ordinal ON findings (inference_result_key, ordinal);

CREATE TABLE study_triage (
    id                 uuid                     NOT NULL,
    study_key          uuid                     NOT NULL,
    -- the highest priority of the study's results
    computed_priority  smallint                 NOT NULL,
    needs_review       boolean                  NOT NULL,
    -- a person's override, with the reason and who (a user id, never a name); the override wins
    override_priority  smallint,
    override_reason    character varying(512),
    overridden_by      character varying(128),
    overridden_at      timestamp with time zone,
    -- the effective priority: coalesce(override_priority, computed_priority); sort worklists by this
    priority           smallint                 NOT NULL,
    created_at         timestamp with time zone NOT NULL,
    updated_at         timestamp with time zone NOT NULL,
    CONSTRAINT pk_study_triage PRIMARY KEY (id),
    CONSTRAINT fk_study_triage_studies FOREIGN KEY (study_key) REFERENCES studies (id) ON DELETE CASCADE,
    CONSTRAINT ck_study_triage_priorities CHECK (computed_priority BETWEEN 0 AND 3 AND priority BETWEEN 0 AND 3
                                                 AND (override_priority IS NULL OR override_priority BETWEEN 0 AND 3))
);
CREATE UNIQUE INDEX ux_study_triage_study_key ON study_triage (study_key);
CREATE INDEX ix_study_triage_priority ON study_triage (priority);
