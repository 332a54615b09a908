-- QIDO-RS search. Patient name, ID and birth date are encrypted, so they are matched through keyed search tokens:
-- 16-byte HMAC-SHA256 values (the blind index key, purpose "patients.search") of normalised terms, stored as uuid
-- (fixed width, one GIN-indexable array). See docs/decisions/0804. Rows written before this migration have none
-- until `clinimg keys rotate` rewrites them (rotation also fills rows without tokens).
ALTER TABLE patients ADD COLUMN phi_search_tokens uuid[] NOT NULL DEFAULT '{}';
CREATE INDEX ix_patients_phi_search_tokens ON patients USING gin (phi_search_tokens);

-- Results are paged in a stable order, newest study first; this index serves date ranges and unfiltered pages.
CREATE INDEX ix_studies_qido_order ON studies (study_date DESC NULLS LAST, study_time DESC NULLS LAST, id);
-- A study's series and a series' instances, in the order QIDO-RS returns them.
CREATE INDEX ix_series_qido_order ON series (study_key, series_number, id);
CREATE INDEX ix_instances_qido_order ON instances (series_key, instance_number, id);
