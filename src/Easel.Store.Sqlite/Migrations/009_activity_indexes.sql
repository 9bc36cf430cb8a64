-- What the account's usage, its webhook deliveries and the operator's queue view read (issue 10): one account's rows in a
-- time range, or the tasks that ended in the last hour.
CREATE INDEX ix_ledger_account_kind_created ON ledger(account_id, kind, created_at);
CREATE INDEX ix_files_account_created ON files(account_id, created_at);
CREATE INDEX ix_tasks_finished ON tasks(finished_at) WHERE finished_at IS NOT NULL;
CREATE INDEX ix_webhook_deliveries_account_created ON webhook_deliveries(account_id, created_at, id);
