-- Offers of a volume to another project (Cinder's transfers). The auth key is never stored: only a random salt and
-- the HMAC-SHA1 of the key under it, as Cinder keeps them. A volume has at most one offer, while it is
-- awaiting-transfer; an accepted or deleted offer is removed.
CREATE TABLE volume_transfers (
    id                VARCHAR(64)  PRIMARY KEY,
    volume_id         VARCHAR(64)  NOT NULL,
    name              VARCHAR(255),
    salt              VARCHAR(64)  NOT NULL,
    crypt_hash        VARCHAR(128) NOT NULL,
    no_snapshots      BOOLEAN      NOT NULL,
    source_project_id VARCHAR(64)  NOT NULL,
    created_at        BIGINT       NOT NULL
);

CREATE UNIQUE INDEX volume_transfers_by_volume ON volume_transfers (volume_id);
