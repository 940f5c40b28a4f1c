-- Nova's migration records (os-migrations): one row for each resize, from its start to its confirmation, revert or
-- failure. Ids are integers, as Nova's; the flavors are the ones the server had before and was resized to.
CREATE TABLE compute_migrations (
    id              BIGINT       PRIMARY KEY,
    uuid            VARCHAR(64)  NOT NULL UNIQUE,
    instance_uuid   VARCHAR(64)  NOT NULL,
    project_id      VARCHAR(64)  NOT NULL,
    user_id         VARCHAR(64)  NOT NULL,
    migration_type  VARCHAR(32)  NOT NULL,
    status          VARCHAR(32)  NOT NULL,
    source_compute  VARCHAR(255),
    source_node     VARCHAR(255),
    dest_compute    VARCHAR(255),
    dest_node       VARCHAR(255),
    dest_host       VARCHAR(255),
    old_flavor_id   VARCHAR(255),
    new_flavor_id   VARCHAR(255),
    created_at      BIGINT       NOT NULL,
    updated_at      BIGINT
);
CREATE INDEX compute_migrations_instance ON compute_migrations (instance_uuid);
CREATE INDEX compute_migrations_created ON compute_migrations (created_at, id);
