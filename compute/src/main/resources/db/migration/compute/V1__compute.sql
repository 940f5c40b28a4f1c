-- Nova's resources: flavors with extra specs, servers, their block device mappings and what happened to them.
CREATE TABLE compute_flavors (
    id          VARCHAR(255) PRIMARY KEY,
    name        VARCHAR(255) NOT NULL UNIQUE,
    memory_mib  INTEGER      NOT NULL,
    vcpus       INTEGER      NOT NULL,
    disk_gib    INTEGER      NOT NULL,
    ephemeral_gib INTEGER    NOT NULL,
    swap_mib    INTEGER      NOT NULL,
    rxtx_factor DOUBLE PRECISION NOT NULL,
    is_public   BOOLEAN      NOT NULL,
    description TEXT,
    extra_specs TEXT         NOT NULL,
    deleted     BOOLEAN      NOT NULL
);

CREATE TABLE compute_servers (
    id              VARCHAR(64)  PRIMARY KEY,
    project_id      VARCHAR(64)  NOT NULL,
    user_id         VARCHAR(64)  NOT NULL,
    name            VARCHAR(255) NOT NULL,
    description     TEXT,
    flavor_id       VARCHAR(255) NOT NULL,
    image_id        VARCHAR(64),
    status          VARCHAR(32)  NOT NULL,
    task_state      VARCHAR(32),
    power_state     INTEGER      NOT NULL,
    host            VARCHAR(255),
    key_name        VARCHAR(255),
    user_data       TEXT,
    config_drive    BOOLEAN      NOT NULL,
    metadata        TEXT         NOT NULL,
    networks        TEXT         NOT NULL,
    mac_address     VARCHAR(32),
    availability_zone VARCHAR(255) NOT NULL,
    domain_spec     TEXT,
    fault_code      INTEGER,
    fault_message   TEXT,
    launched_at     BIGINT,
    created_at      BIGINT       NOT NULL,
    updated_at      BIGINT       NOT NULL,
    deleted_at      BIGINT
);

CREATE INDEX compute_servers_by_project ON compute_servers (project_id);

CREATE TABLE compute_server_volumes (
    server_id      VARCHAR(64) NOT NULL,
    volume_id      VARCHAR(64) NOT NULL,
    attachment_id  VARCHAR(64),
    device         VARCHAR(64),
    boot_index     INTEGER,
    delete_on_termination BOOLEAN NOT NULL,
    created_at     BIGINT      NOT NULL,
    PRIMARY KEY (server_id, volume_id)
);

CREATE TABLE compute_instance_actions (
    request_id  VARCHAR(64)  PRIMARY KEY,
    server_id   VARCHAR(64)  NOT NULL,
    action      VARCHAR(64)  NOT NULL,
    project_id  VARCHAR(64)  NOT NULL,
    user_id     VARCHAR(64)  NOT NULL,
    message     TEXT,
    event       VARCHAR(128) NOT NULL,
    result      VARCHAR(32),
    traceback   TEXT,
    start_time  BIGINT       NOT NULL,
    finish_time BIGINT
);

CREATE INDEX compute_instance_actions_by_server ON compute_instance_actions (server_id);
