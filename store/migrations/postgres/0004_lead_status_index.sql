-- The dashboard and the filtered lead list read one status, newest first.
CREATE INDEX leads_workspace_status ON leads (workspace_id, status, id DESC);
