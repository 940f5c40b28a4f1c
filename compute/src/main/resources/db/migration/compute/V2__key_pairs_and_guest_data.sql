-- Key pairs belong to a user, as in Nova's API database; a server keeps the key it was built with and its host
-- name, which its config drive and the metadata service give the guest even after the key pair is deleted.
CREATE TABLE compute_key_pairs (
    id          BIGINT       NOT NULL UNIQUE,
    user_id     VARCHAR(64)  NOT NULL,
    name        VARCHAR(255) NOT NULL,
    key_type    VARCHAR(16)  NOT NULL,
    public_key  TEXT         NOT NULL,
    fingerprint VARCHAR(128) NOT NULL,
    created_at  BIGINT       NOT NULL,
    PRIMARY KEY (user_id, name)
);

CREATE TABLE compute_server_guest (
    server_id   VARCHAR(64)  PRIMARY KEY,
    hostname    VARCHAR(255) NOT NULL,
    key_name    VARCHAR(255),
    key_type    VARCHAR(16),
    key_data    TEXT
);
