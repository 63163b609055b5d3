-- Created after the bulk inserts (faster than maintaining them row by row).
CREATE INDEX client_by_name ON client (nom_client COLLATE NOCASE);
CREATE INDEX client_by_revisit ON client (date_revoir) WHERE date_revoir IS NOT NULL;
CREATE INDEX client_by_last_visit ON client (last_visit);
CREATE INDEX client_contact_by_client ON client_contact (c_client);
CREATE INDEX client_relation_by_client ON client_relation (c_entite, date_relation);
CREATE INDEX client_relation_by_date ON client_relation (date_relation);
CREATE INDEX prospect_visit_by_prospect ON prospect_visit (prospect_id, date_relation);
