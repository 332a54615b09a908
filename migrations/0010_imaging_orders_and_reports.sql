-- Clinical workflow, part 1: imaging orders (scheduled studies), radiology reports and critical-finding
-- notifications. Orders hold no patient identifier of their own: they point at the (encrypted) patients row, which
-- an order creates when the patient has no images yet. Every row that people change concurrently carries a version
-- (optimistic concurrency: a write states the version it read). See docs/workflow.md and docs/decisions/1101-1104.

-- Accession numbers the service assigns when an order arrives without one: 'CI' and ten digits (DICOM SH, 16 max).
CREATE SEQUENCE imaging_order_accession_seq AS bigint START WITH 1 MAXVALUE 9999999999 NO CYCLE;

CREATE TABLE imaging_orders (
    id                  uuid                     NOT NULL,
    patient_key         uuid                     NOT NULL,
    accession_number    character varying(16)    NOT NULL,
    order_number        character varying(64)    NOT NULL,
    modality            character varying(16)    NOT NULL,
    body_part           character varying(64),
    description         character varying(256),
    indication          character varying(1024),
    priority            character varying(16)    NOT NULL,
    scheduled_at        timestamp with time zone NOT NULL,
    performing_facility character varying(128),
    status              character varying(16)    NOT NULL,
    study_key           uuid,
    ordered_by          character varying(128)   NOT NULL,
    started_at          timestamp with time zone,
    completed_at        timestamp with time zone,
    reported_at         timestamp with time zone,
    version             integer                  NOT NULL,
    created_at          timestamp with time zone NOT NULL,
    updated_at          timestamp with time zone NOT NULL,
    CONSTRAINT pk_imaging_orders PRIMARY KEY (id),
    CONSTRAINT fk_imaging_orders_patients FOREIGN KEY (patient_key) REFERENCES patients (id) ON DELETE RESTRICT,
    CONSTRAINT fk_imaging_orders_studies FOREIGN KEY (study_key) REFERENCES studies (id) ON DELETE RESTRICT
);
CREATE UNIQUE INDEX ux_imaging_orders_accession_number ON imaging_orders (accession_number);
CREATE UNIQUE INDEX ux_imaging_orders_order_number ON imaging_orders (order_number);
CREATE INDEX ix_imaging_orders_patient_key ON imaging_orders (patient_key);
CREATE INDEX ix_imaging_orders_study_key ON imaging_orders (study_key);
CREATE INDEX ix_imaging_orders_status_scheduled_at ON imaging_orders (status, scheduled_at);

CREATE TABLE radiology_reports (
    id                  uuid                     NOT NULL,
    order_key           uuid                     NOT NULL,
    revision            integer                  NOT NULL,
    previous_report_key uuid,
    technique           text,
    comparison          text,
    findings            text,
    impression          text,
    critical_finding    boolean                  NOT NULL,
    status              character varying(16)    NOT NULL,
    author_id           character varying(128)   NOT NULL,
    signed_by           character varying(128),
    signed_at           timestamp with time zone,
    superseded_at       timestamp with time zone,
    version             integer                  NOT NULL,
    created_at          timestamp with time zone NOT NULL,
    updated_at          timestamp with time zone NOT NULL,
    CONSTRAINT pk_radiology_reports PRIMARY KEY (id),
    CONSTRAINT fk_radiology_reports_imaging_orders FOREIGN KEY (order_key) REFERENCES imaging_orders (id) ON DELETE RESTRICT,
    CONSTRAINT fk_radiology_reports_radiology_reports FOREIGN KEY (previous_report_key) REFERENCES radiology_reports (id) ON DELETE RESTRICT
);
-- One report per revision of an order: two radiologists amending at once cannot both create revision n + 1.
CREATE UNIQUE INDEX ux_radiology_reports_order_key_revision ON radiology_reports (order_key, revision);
CREATE INDEX ix_radiology_reports_previous_report_key ON radiology_reports (previous_report_key);

-- A signed report is the legal record: its content never changes and it is never deleted. The one change allowed
-- is stepping aside for a signed amendment (status Signed → Superseded, with superseded_at and the version).
CREATE FUNCTION radiology_reports_guard_signed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.signed_at IS NOT NULL THEN
            RAISE EXCEPTION 'radiology report % is signed and cannot be deleted', OLD.id USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.signed_at IS NOT NULL AND (
           (NEW.order_key, NEW.revision, NEW.previous_report_key, NEW.technique, NEW.comparison, NEW.findings,
            NEW.impression, NEW.critical_finding, NEW.author_id, NEW.signed_by, NEW.signed_at, NEW.created_at)
           IS DISTINCT FROM
           (OLD.order_key, OLD.revision, OLD.previous_report_key, OLD.technique, OLD.comparison, OLD.findings,
            OLD.impression, OLD.critical_finding, OLD.author_id, OLD.signed_by, OLD.signed_at, OLD.created_at)
           OR (OLD.status <> NEW.status AND NOT (OLD.status = 'Signed' AND NEW.status = 'Superseded'))) THEN
        RAISE EXCEPTION 'radiology report % is signed and immutable; amend it with a new version', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER radiology_reports_signed_immutable BEFORE UPDATE OR DELETE ON radiology_reports
    FOR EACH ROW EXECUTE FUNCTION radiology_reports_guard_signed();

CREATE TABLE critical_finding_notifications (
    id              uuid                     NOT NULL,
    report_key      uuid                     NOT NULL,
    order_key       uuid                     NOT NULL,
    status          character varying(16)    NOT NULL,
    raised_at       timestamp with time zone NOT NULL,
    due_at          timestamp with time zone NOT NULL,
    acknowledged_at timestamp with time zone,
    acknowledged_by character varying(128),
    version         integer                  NOT NULL,
    created_at      timestamp with time zone NOT NULL,
    updated_at      timestamp with time zone NOT NULL,
    CONSTRAINT pk_critical_finding_notifications PRIMARY KEY (id),
    CONSTRAINT fk_critical_finding_notifications_radiology_reports FOREIGN KEY (report_key) REFERENCES radiology_reports (id) ON DELETE RESTRICT,
    CONSTRAINT fk_critical_finding_notifications_imaging_orders FOREIGN KEY (order_key) REFERENCES imaging_orders (id) ON DELETE RESTRICT
);
CREATE UNIQUE INDEX ux_critical_finding_notifications_report_key ON critical_finding_notifications (report_key);
CREATE INDEX ix_critical_finding_notifications_order_key ON critical_finding_notifications (order_key);
CREATE INDEX ix_critical_finding_notifications_status_due_at ON critical_finding_notifications (status, due_at);
