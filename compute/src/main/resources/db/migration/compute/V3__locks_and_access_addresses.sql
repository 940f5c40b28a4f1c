-- Nova's lock (who locked the server, 'owner' or 'admin', and why; no row value means unlocked) and the access
-- addresses a user records on a server (accessIPv4, accessIPv6), which Nova keeps but does not configure.
ALTER TABLE compute_servers ADD COLUMN locked_by VARCHAR(16);
ALTER TABLE compute_servers ADD COLUMN locked_reason VARCHAR(255);
ALTER TABLE compute_servers ADD COLUMN access_ipv4 VARCHAR(64);
ALTER TABLE compute_servers ADD COLUMN access_ipv6 VARCHAR(64);
