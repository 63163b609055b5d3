-- What a `client_relation` row records. An MC with field changes writes a row that notifies
-- the request (brief: « une ligne dans client_relation »), but it is not a visit: last visit,
-- statistics and calendars count only 'visit' rows. Rows imported from the ERP and VC rows
-- are visits.
ALTER TABLE client_relation ADD COLUMN relation_kind TEXT NOT NULL DEFAULT 'visit'
    CHECK (relation_kind IN ('visit', 'modification_request'));

-- Rows written before this column existed: the request's change id names its row.
UPDATE client_relation SET relation_kind = 'modification_request'
 WHERE change_id IN (SELECT change_id FROM modification_request);
