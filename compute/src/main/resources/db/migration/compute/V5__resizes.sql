-- A resized server waiting for its confirmation or revert keeps the flavor it had before, which a revert goes back
-- to (its root disk's data before the resize is a snapshot of the disk).
ALTER TABLE compute_servers ADD COLUMN old_flavor_id VARCHAR(64);
