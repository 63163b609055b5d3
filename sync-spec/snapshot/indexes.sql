-- Created after the bulk inserts (faster than maintaining them row by row).
-- The home screen lists the rep's own clients by revisit date and by last visit.
-- (Name search scans: wildcards anywhere defeat a b-tree; full-text search comes with the app.
-- The calendar scans the ~25,000 visit rows: a few milliseconds, cheaper than 0.5 MB of index.)
CREATE INDEX client_detail_by_revisit ON client_detail (date_revoir) WHERE date_revoir IS NOT NULL;
CREATE INDEX client_by_last_visit ON client (last_visit) WHERE in_portfolio = 1;
CREATE INDEX client_contact_by_client ON client_contact (c_client);
CREATE INDEX client_relation_by_client ON client_relation (c_entite, date_relation);
CREATE INDEX prospect_visit_by_prospect ON prospect_visit (prospect_id, date_relation);
