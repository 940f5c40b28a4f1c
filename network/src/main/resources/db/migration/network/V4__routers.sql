-- Neutron's routers and floating IPs. A router's interfaces and gateway are ports (device_owner
-- network:router_interface / network:router_gateway, device_id the router); a floating IP's address is a port on the
-- external network (network:floatingip). A floating IP's association goes with the port it points at: deleting that
-- port (a server's, say) disassociates it, as Neutron does.
CREATE TABLE network_routers (
    id                  VARCHAR(64)  PRIMARY KEY,
    project_id          VARCHAR(64)  NOT NULL,
    name                VARCHAR(255) NOT NULL,
    description         TEXT         NOT NULL,
    admin_state_up      BOOLEAN      NOT NULL,
    gateway_network_id  VARCHAR(64)  REFERENCES network_networks (id),
    enable_snat         BOOLEAN      NOT NULL,
    revision            INTEGER      NOT NULL,
    created_at          BIGINT       NOT NULL,
    updated_at          BIGINT       NOT NULL
);

CREATE INDEX network_routers_by_project ON network_routers (project_id);

CREATE TABLE network_floating_ips (
    id                  VARCHAR(64)  PRIMARY KEY,
    project_id          VARCHAR(64)  NOT NULL,
    floating_network_id VARCHAR(64)  NOT NULL REFERENCES network_networks (id),
    floating_ip_address VARCHAR(64)  NOT NULL,
    floating_port_id    VARCHAR(64)  NOT NULL REFERENCES network_ports (id),
    port_id             VARCHAR(64)  REFERENCES network_ports (id) ON DELETE SET NULL,
    fixed_ip_address    VARCHAR(64),
    router_id           VARCHAR(64)  REFERENCES network_routers (id) ON DELETE SET NULL,
    description         TEXT         NOT NULL,
    revision            INTEGER      NOT NULL,
    created_at          BIGINT       NOT NULL,
    updated_at          BIGINT       NOT NULL
);

CREATE INDEX network_floating_ips_by_project ON network_floating_ips (project_id);
CREATE INDEX network_floating_ips_by_port ON network_floating_ips (port_id);
CREATE INDEX network_floating_ips_by_router ON network_floating_ips (router_id);
