-- Neutron's security groups and their rules, the groups bound to each port, and each port's port security and allowed
-- address pairs. network_default_security_groups keeps one default group per project: its primary key is what stops
-- two requests from making two.
CREATE TABLE network_security_groups (
    id          VARCHAR(64)  PRIMARY KEY,
    project_id  VARCHAR(64)  NOT NULL,
    name        VARCHAR(255) NOT NULL,
    description TEXT         NOT NULL,
    stateful    BOOLEAN      NOT NULL,
    tags        TEXT         NOT NULL,
    revision    INTEGER      NOT NULL,
    created_at  BIGINT       NOT NULL,
    updated_at  BIGINT       NOT NULL
);

CREATE INDEX network_security_groups_by_project ON network_security_groups (project_id);

CREATE TABLE network_default_security_groups (
    project_id        VARCHAR(64) PRIMARY KEY,
    security_group_id VARCHAR(64) NOT NULL REFERENCES network_security_groups (id) ON DELETE CASCADE
);

-- A rule goes with its group and with any group it names as its remote group, as in Neutron.
CREATE TABLE network_security_group_rules (
    id                VARCHAR(64)  PRIMARY KEY,
    security_group_id VARCHAR(64)  NOT NULL REFERENCES network_security_groups (id) ON DELETE CASCADE,
    project_id        VARCHAR(64)  NOT NULL,
    direction         VARCHAR(16)  NOT NULL,
    ethertype         VARCHAR(8)   NOT NULL,
    protocol          VARCHAR(64),
    port_range_min    INTEGER,
    port_range_max    INTEGER,
    remote_ip_prefix  VARCHAR(64),
    remote_group_id   VARCHAR(64)  REFERENCES network_security_groups (id) ON DELETE CASCADE,
    description       TEXT         NOT NULL,
    revision          INTEGER      NOT NULL,
    created_at        BIGINT       NOT NULL,
    updated_at        BIGINT       NOT NULL
);

CREATE INDEX network_security_group_rules_by_group ON network_security_group_rules (security_group_id);
CREATE INDEX network_security_group_rules_by_remote ON network_security_group_rules (remote_group_id);

CREATE TABLE network_port_security_groups (
    port_id           VARCHAR(64) NOT NULL REFERENCES network_ports (id) ON DELETE CASCADE,
    security_group_id VARCHAR(64) NOT NULL REFERENCES network_security_groups (id),
    position          INTEGER     NOT NULL,
    PRIMARY KEY (port_id, security_group_id)
);

CREATE INDEX network_port_security_groups_by_group ON network_port_security_groups (security_group_id);

-- allowed_address_pairs: a JSON list of {"ip_address", "mac_address"}.
ALTER TABLE network_ports ADD COLUMN port_security_enabled BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE network_ports ADD COLUMN allowed_address_pairs TEXT NOT NULL DEFAULT '[]';
