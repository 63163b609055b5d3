-- Created after the bulk inserts (faster than maintaining them row by row).
-- The home screen lists the rep's own clients by revisit date and by last visit.
-- (Name search scans: wildcards anywhere defeat a b-tree; full-text search comes with the app.
-- The calendar scans the ~25,000 visit rows: a few milliseconds, cheaper than 0.5 MB of index.)
CREATE INDEX client_detail_by_revisit ON client_detail (date_revoir) WHERE date_revoir IS NOT NULL;
CREATE INDEX client_by_last_visit ON client (last_visit) WHERE in_portfolio = 1;
CREATE INDEX client_contact_by_client ON client_contact (c_client);
CREATE INDEX client_relation_by_client ON client_relation (c_entite, date_relation);
CREATE INDEX prospect_visit_by_prospect ON prospect_visit (prospect_id, date_relation);
-- Records: a contact page reads a party's people and timeline (actions newest first, their
-- replies); the todo list reads the open todos by due date.
CREATE INDEX person_by_party ON person (party_id);
CREATE INDEX action_by_party ON action (party_id, date);
CREATE INDEX action_reply_by_action ON action_reply (action_id);
CREATE INDEX todo_open_by_due ON todo (due) WHERE done_on IS NULL;
CREATE INDEX todo_by_party ON todo (party_id);
-- Campaigns and meetings (issue 15): a campaign's leads, a party's meetings, the calendar.
CREATE INDEX party_by_campaign ON party (campaign) WHERE campaign IS NOT NULL;
CREATE INDEX meeting_by_party ON meeting (party_id, starts_at);
CREATE INDEX meeting_by_start ON meeting (starts_at);
-- Opportunities (issue 15): a party's open opportunities (its page, its score).
CREATE INDEX opportunity_by_party ON opportunity (party_id);
-- Quotes (issue 15): an opportunity's quotes.
CREATE INDEX quote_by_opportunity ON quote (opportunity_id);
CREATE INDEX quote_by_party ON quote (party_id);
