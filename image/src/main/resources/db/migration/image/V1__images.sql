-- Glance's images, their free-form properties, tags and members, and per-project image quotas.
-- Times are epoch seconds. Deleted images are removed, not kept with a deleted flag.
CREATE TABLE images (
    id               VARCHAR(36)  PRIMARY KEY,
    name             VARCHAR(255),
    status           VARCHAR(32)  NOT NULL,
    visibility       VARCHAR(16)  NOT NULL,
    protected        BOOLEAN      NOT NULL,
    os_hidden        BOOLEAN      NOT NULL,
    disk_format      VARCHAR(16),
    container_format VARCHAR(16),
    size             BIGINT,
    virtual_size     BIGINT,
    checksum         VARCHAR(32),
    os_hash_value    VARCHAR(128),
    min_disk         INTEGER      NOT NULL,
    min_ram          INTEGER      NOT NULL,
    owner            VARCHAR(64),
    created_at       BIGINT       NOT NULL,
    updated_at       BIGINT       NOT NULL
);

CREATE INDEX images_owner ON images (owner);

CREATE TABLE image_properties (
    image_id VARCHAR(36)  NOT NULL REFERENCES images (id) ON DELETE CASCADE,
    name     VARCHAR(255) NOT NULL,
    value    TEXT         NOT NULL,
    PRIMARY KEY (image_id, name)
);

CREATE TABLE image_tags (
    image_id VARCHAR(36)  NOT NULL REFERENCES images (id) ON DELETE CASCADE,
    tag      VARCHAR(255) NOT NULL,
    PRIMARY KEY (image_id, tag)
);

CREATE TABLE image_members (
    image_id   VARCHAR(36) NOT NULL REFERENCES images (id) ON DELETE CASCADE,
    member_id  VARCHAR(64) NOT NULL,
    status     VARCHAR(16) NOT NULL,
    created_at BIGINT      NOT NULL,
    updated_at BIGINT      NOT NULL,
    PRIMARY KEY (image_id, member_id)
);

CREATE INDEX image_members_member ON image_members (member_id);

-- NULL limits mean unlimited.
CREATE TABLE image_quotas (
    project_id VARCHAR(64) PRIMARY KEY,
    max_images BIGINT,
    max_bytes  BIGINT
);
