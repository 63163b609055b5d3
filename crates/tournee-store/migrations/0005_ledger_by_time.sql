-- Schema version 5: the admin's integration monitor lists the latest integrations of
-- every user; without this index it would sort the whole ledger at each page view.
CREATE INDEX change_ledger_by_time ON change_ledger (integrated_at);
