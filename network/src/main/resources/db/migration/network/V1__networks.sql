-- Neutron's resources: networks, their subnets, ports with their fixed IPs, and the host ports forwarded to ports.
CREATE TABLE network_networks (
    id             VARCHAR(64)  PRIMARY KEY,
    project_id     VARCHAR(64)  NOT NULL,
    name           VARCHAR(255) NOT NULL,
    description    TEXT         NOT NULL,
    admin_state_up BOOLEAN      NOT NULL,
    shared         BOOLEAN      NOT NULL,
    external       BOOLEAN      NOT NULL,
    mtu            INTEGER      NOT NULL,
    revision       INTEGER      NOT NULL,
    created_at     BIGINT       NOT NULL,
    updated_at     BIGINT       NOT NULL
);

CREATE INDEX network_networks_by_project ON network_networks (project_id);

CREATE TABLE network_subnets (
    id               VARCHAR(64)  PRIMARY KEY,
    network_id       VARCHAR(64)  NOT NULL REFERENCES network_networks (id),
    project_id       VARCHAR(64)  NOT NULL,
    name             VARCHAR(255) NOT NULL,
    description      TEXT         NOT NULL,
    ip_version       INTEGER      NOT NULL,
    cidr             VARCHAR(64)  NOT NULL,
    gateway_ip       VARCHAR(64),
    enable_dhcp      BOOLEAN      NOT NULL,
    allocation_pools TEXT         NOT NULL,
    dns_nameservers  TEXT         NOT NULL,
    host_routes      TEXT         NOT NULL,
    revision         INTEGER      NOT NULL,
    created_at       BIGINT       NOT NULL,
    updated_at       BIGINT       NOT NULL
);

CREATE INDEX network_subnets_by_network ON network_subnets (network_id);

-- device_index orders a device's ports (a server's cards); preserve_on_delete keeps a port the user made when its
-- server goes, as Nova does.
CREATE TABLE network_ports (
    id                 VARCHAR(64)  PRIMARY KEY,
    network_id         VARCHAR(64)  NOT NULL REFERENCES network_networks (id),
    project_id         VARCHAR(64)  NOT NULL,
    name               VARCHAR(255) NOT NULL,
    description        TEXT         NOT NULL,
    mac_address        VARCHAR(32)  NOT NULL,
    admin_state_up     BOOLEAN      NOT NULL,
    device_id          VARCHAR(255) NOT NULL,
    device_owner       VARCHAR(255) NOT NULL,
    device_index       INTEGER      NOT NULL,
    preserve_on_delete BOOLEAN      NOT NULL,
    revision           INTEGER      NOT NULL,
    created_at         BIGINT       NOT NULL,
    updated_at         BIGINT       NOT NULL
);

CREATE UNIQUE INDEX network_ports_unique_mac ON network_ports (network_id, mac_address);
CREATE INDEX network_ports_by_device ON network_ports (device_id);

-- The primary key is what keeps two ports from getting one address.
CREATE TABLE network_fixed_ips (
    subnet_id  VARCHAR(64) NOT NULL REFERENCES network_subnets (id),
    ip_address VARCHAR(64) NOT NULL,
    port_id    VARCHAR(64) NOT NULL REFERENCES network_ports (id) ON DELETE CASCADE,
    position   INTEGER     NOT NULL,
    PRIMARY KEY (subnet_id, ip_address)
);

CREATE INDEX network_fixed_ips_by_port ON network_fixed_ips (port_id);

CREATE TABLE network_port_forwards (
    protocol     VARCHAR(8)  NOT NULL,
    host_port    INTEGER     NOT NULL,
    host_address VARCHAR(64) NOT NULL,
    guest_port   INTEGER     NOT NULL,
    port_id      VARCHAR(64) NOT NULL REFERENCES network_ports (id) ON DELETE CASCADE,
    created_at   BIGINT      NOT NULL,
    PRIMARY KEY (protocol, host_port)
);

CREATE INDEX network_port_forwards_by_port ON network_port_forwards (port_id);

-- What the bootstrap made once (the default network), so that it does not come back after an operator deleted it.
CREATE TABLE network_bootstrap (
    name        VARCHAR(64) PRIMARY KEY,
    resource_id VARCHAR(64) NOT NULL,
    created_at  BIGINT      NOT NULL
);
