-- A refused file's detail as a code with its values (tournee_sync::Detail in JSON), so
-- that the back office, the mails and the app word it in their own catalogues. `detail`
-- keeps a line for the logs (English from now on; older rows keep their French sentence,
-- shown as written when `detail_json` is NULL).
ALTER TABLE integration_failure ADD COLUMN detail_json TEXT;
