-- A key's requests per minute, for the whole cluster (GCRA): when the key's next request is free, on the database's clock.
CREATE TABLE key_rates (
    key_id TEXT PRIMARY KEY,
    next_free BIGINT NOT NULL
);

-- A channel's MaxConcurrency, for the whole cluster: one row a slot, held by a task calling the channel until the task
-- ends or the slot's lease (renewed with the task's) runs out.
CREATE TABLE channel_slots (
    channel TEXT NOT NULL,
    slot INTEGER NOT NULL,
    task_id TEXT,
    owner TEXT,
    held_until BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (channel, slot)
);
CREATE INDEX channel_slots_task ON channel_slots (task_id);

-- Each worker node's view of each channel's breaker, for /admin/channels.
CREATE TABLE channel_health (
    node TEXT NOT NULL,
    channel TEXT NOT NULL,
    breaker TEXT NOT NULL,
    consecutive_failures INTEGER NOT NULL,
    open_until BIGINT,
    seen_at BIGINT NOT NULL,
    PRIMARY KEY (node, channel)
);

-- Work that one node at a time does (the expiry sweep), held until a time on the database's clock.
CREATE TABLE node_leases (
    name TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    held_until BIGINT NOT NULL
);
