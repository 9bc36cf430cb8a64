-- Images uploaded with a request (YYCode and OpenAI edits), kept until they expire like output files.
CREATE TABLE input_images (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    extension TEXT NOT NULL,
    byte_count BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX ix_input_images_expiry ON input_images(expires_at);
