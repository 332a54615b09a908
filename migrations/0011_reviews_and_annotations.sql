-- Clinical workflow, part 2: radiologists' reviews of AI results and their annotations on images.
-- A review row appears when a radiologist first touches a result (claims or decides it); an untouched result is
-- pending at version 0. One review per result; its version column makes concurrent decisions collide, not overwrite.

CREATE TABLE reviews (
    id                  uuid                     NOT NULL,
    inference_result_id uuid                     NOT NULL,
    status              character varying(16)    NOT NULL,
    assignee_id         character varying(128),
    claimed_at          timestamp with time zone,
    -- {"decision": 0|1|2 (agree, disagree, modify), "correctedLabels": [...],
    --  "correctedRegions": [{"x":..,"y":..,"width":..,"height":..,"label":..}], "comments": ".."}; null until decided
    verdict             jsonb,
    reviewed_by         character varying(128),
    reviewed_at         timestamp with time zone,
    version             integer                  NOT NULL,
    created_at          timestamp with time zone NOT NULL,
    updated_at          timestamp with time zone NOT NULL,
    CONSTRAINT pk_reviews PRIMARY KEY (id),
    CONSTRAINT fk_reviews_inference_results FOREIGN KEY (inference_result_id) REFERENCES inference_results (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX ux_reviews_inference_result_id ON reviews (inference_result_id);
CREATE INDEX ix_reviews_status ON reviews (status);

-- Boxes, measurements, labels and notes on an image, in pixel coordinates of its first frame. Added, never edited.
CREATE TABLE annotations (
    id           uuid                     NOT NULL,
    instance_key uuid                     NOT NULL,
    kind         character varying(16)    NOT NULL,
    -- box: [x, y, width, height]; measurement: [x1, y1, x2, y2]; label: [x, y]; note: []
    coordinates  jsonb                    NOT NULL,
    text         character varying(2000),
    length_mm    double precision,
    author_id    character varying(128)   NOT NULL,
    created_at   timestamp with time zone NOT NULL,
    updated_at   timestamp with time zone NOT NULL,
    CONSTRAINT pk_annotations PRIMARY KEY (id),
    CONSTRAINT fk_annotations_instances FOREIGN KEY (instance_key) REFERENCES instances (id) ON DELETE CASCADE
);
CREATE INDEX ix_annotations_instance_key ON annotations (instance_key);
