-- Server groups (os-server-groups): a policy on where their members may run, and the servers that joined each, in
-- the order they joined (the first of an anti-affinity group keeps this host).
CREATE TABLE compute_server_groups (
    id                   VARCHAR(64)  PRIMARY KEY,
    project_id           VARCHAR(64)  NOT NULL,
    user_id              VARCHAR(64)  NOT NULL,
    name                 VARCHAR(255) NOT NULL,
    policy               VARCHAR(32)  NOT NULL,
    max_server_per_host  INTEGER,
    created_at           BIGINT       NOT NULL
);
CREATE INDEX compute_server_groups_project ON compute_server_groups (project_id);

CREATE TABLE compute_server_group_members (
    group_id   VARCHAR(64) NOT NULL,
    server_id  VARCHAR(64) NOT NULL,
    joined_at  BIGINT      NOT NULL,
    PRIMARY KEY (group_id, server_id)
);
CREATE INDEX compute_server_group_members_server ON compute_server_group_members (server_id);
