-- Free images per UTC day (SPEC §3): free_used counts the images taken on day free_day (days since the Unix epoch).
ALTER TABLE accounts ADD COLUMN free_images_per_day INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN free_day BIGINT NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN free_used INTEGER NOT NULL DEFAULT 0;

-- Per-key limits; NULL means no limit. The account's columns are the defaults for its keys.
ALTER TABLE accounts ADD COLUMN requests_per_minute INTEGER;
ALTER TABLE accounts ADD COLUMN max_concurrent_tasks INTEGER;
ALTER TABLE api_keys ADD COLUMN requests_per_minute INTEGER;
ALTER TABLE api_keys ADD COLUMN max_concurrent_tasks INTEGER;
ALTER TABLE api_keys ADD COLUMN daily_spend_limit BIGINT;

-- Webhook signing secrets; after a rotation the previous one also signs until previous_until.
ALTER TABLE accounts ADD COLUMN webhook_secret TEXT;
ALTER TABLE accounts ADD COLUMN webhook_secret_previous TEXT;
ALTER TABLE accounts ADD COLUMN webhook_secret_previous_until BIGINT;

ALTER TABLE tasks ADD COLUMN free_images INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN file_base TEXT;
CREATE INDEX ix_tasks_key_created ON tasks(key_id, created_at);
CREATE INDEX ix_tasks_key_active ON tasks(key_id) WHERE state IN ('queued', 'running');

-- The outbox: one row per task with a callback_url, written in the transaction that ends the task.
CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY,
    task_id TEXT NOT NULL UNIQUE REFERENCES tasks(id),
    account_id TEXT NOT NULL,
    url TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT,
    lease_owner TEXT,
    lease_until BIGINT,
    created_at BIGINT NOT NULL,
    finished_at BIGINT
);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries(next_attempt_at) WHERE state = 'pending';

CREATE TABLE webhook_attempts (
    id INTEGER PRIMARY KEY,
    delivery_id TEXT NOT NULL REFERENCES webhook_deliveries(id),
    number INTEGER NOT NULL,
    attempted_at BIGINT NOT NULL,
    status_code INTEGER,
    error TEXT,
    duration_ms BIGINT NOT NULL
);
CREATE INDEX ix_webhook_attempts_delivery ON webhook_attempts(delivery_id, id);
