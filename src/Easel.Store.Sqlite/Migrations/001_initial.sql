CREATE TABLE settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    balance BIGINT NOT NULL DEFAULT 0,
    reserved BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    mode TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX ix_api_keys_account ON api_keys(account_id);

-- Append-only. balance = sum(grant) - sum(capture); reserved = sum(reserve) - sum(capture) - sum(release).
-- accounts.balance/reserved are kept equal to those sums in the same transaction as each row.
CREATE TABLE ledger (
    id INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    task_id TEXT,
    kind TEXT NOT NULL,
    amount BIGINT NOT NULL,
    reason TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX ix_ledger_account ON ledger(account_id, id);
CREATE INDEX ix_ledger_task ON ledger(task_id);

CREATE TABLE tasks (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    key_id TEXT NOT NULL,
    dialect TEXT NOT NULL,
    model TEXT NOT NULL,
    state TEXT NOT NULL,
    test INTEGER NOT NULL,
    request_json TEXT NOT NULL,
    reserved BIGINT NOT NULL,
    captured BIGINT,
    progress INTEGER NOT NULL DEFAULT 0,
    error_code TEXT,
    error_message TEXT,
    files_json TEXT,
    callback_url TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    lease_owner TEXT,
    lease_until BIGINT,
    created_at BIGINT NOT NULL,
    started_at BIGINT,
    finished_at BIGINT
);
CREATE INDEX ix_tasks_account_created ON tasks(account_id, created_at DESC, id DESC);
CREATE INDEX ix_tasks_claimable ON tasks(state, created_at) WHERE state IN ('queued', 'running');

CREATE TABLE files (
    id TEXT PRIMARY KEY,
    task_id TEXT NOT NULL REFERENCES tasks(id),
    account_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    extension TEXT NOT NULL,
    byte_count BIGINT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    deleted_at BIGINT
);
CREATE INDEX ix_files_expiry ON files(expires_at) WHERE deleted_at IS NULL;

-- scope: an account id (or 'admin'); a row with no status is still being processed.
CREATE TABLE idempotency (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    task_id TEXT,
    status INTEGER,
    content_type TEXT,
    body BLOB,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX ix_idempotency_created ON idempotency(created_at);
