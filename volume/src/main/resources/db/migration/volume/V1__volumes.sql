-- Cinder's resources: volumes, their snapshots, attachments to servers, metadata and per-project quotas.
CREATE TABLE volumes (
    id                VARCHAR(64)  PRIMARY KEY,
    project_id        VARCHAR(64)  NOT NULL,
    user_id           VARCHAR(64)  NOT NULL,
    name              VARCHAR(255),
    description       TEXT,
    size_gib          INTEGER      NOT NULL,
    status            VARCHAR(32)  NOT NULL,
    bootable          BOOLEAN      NOT NULL,
    volume_type       VARCHAR(255) NOT NULL,
    availability_zone VARCHAR(255) NOT NULL,
    source_volume_id  VARCHAR(64),
    snapshot_id       VARCHAR(64),
    image_id          VARCHAR(64),
    image_metadata    TEXT,
    metadata          TEXT         NOT NULL,
    error_message     TEXT,
    created_at        BIGINT       NOT NULL,
    updated_at        BIGINT       NOT NULL
);

CREATE INDEX volumes_by_project ON volumes (project_id);

CREATE TABLE volume_snapshots (
    id          VARCHAR(64)  PRIMARY KEY,
    volume_id   VARCHAR(64)  NOT NULL,
    project_id  VARCHAR(64)  NOT NULL,
    user_id     VARCHAR(64)  NOT NULL,
    name        VARCHAR(255),
    description TEXT,
    size_gib    INTEGER      NOT NULL,
    status      VARCHAR(32)  NOT NULL,
    metadata    TEXT         NOT NULL,
    created_at  BIGINT       NOT NULL,
    updated_at  BIGINT       NOT NULL
);

CREATE INDEX volume_snapshots_by_volume ON volume_snapshots (volume_id);

CREATE TABLE volume_attachments (
    id          VARCHAR(64)  PRIMARY KEY,
    volume_id   VARCHAR(64)  NOT NULL,
    server_id   VARCHAR(64)  NOT NULL,
    status      VARCHAR(32)  NOT NULL,
    device      VARCHAR(64),
    host_name   VARCHAR(255),
    attach_mode VARCHAR(8)   NOT NULL,
    attached_at BIGINT,
    created_at  BIGINT       NOT NULL
);

CREATE INDEX volume_attachments_by_volume ON volume_attachments (volume_id);

CREATE TABLE volume_quotas (
    project_id VARCHAR(64) NOT NULL,
    resource   VARCHAR(32) NOT NULL,
    hard_limit BIGINT      NOT NULL,
    PRIMARY KEY (project_id, resource)
);
