-- Neutron's extraroute: a router's extra routes, a JSON list of {"destination": CIDR, "nexthop": address} in the
-- order they were given (Neutron's routerroutes table).
ALTER TABLE network_routers ADD COLUMN routes TEXT NOT NULL DEFAULT '[]';
