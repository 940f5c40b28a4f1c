-- Neutron's extra_dhcp_opts of a port (e.g. bootfile-name for a server that boots from the network).
CREATE TABLE network_port_dhcp_options (
    port_id    VARCHAR(64)  NOT NULL REFERENCES network_ports (id) ON DELETE CASCADE,
    ip_version INTEGER      NOT NULL,
    opt_name   VARCHAR(255) NOT NULL,
    opt_value  VARCHAR(255) NOT NULL,
    position   INTEGER      NOT NULL,
    PRIMARY KEY (port_id, ip_version, opt_name)
);
