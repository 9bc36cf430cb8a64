-- The quality a succeeded task was made at (what the provider reports, or the sandbox resolves `auto` to).
ALTER TABLE tasks ADD COLUMN resolved_quality TEXT;
