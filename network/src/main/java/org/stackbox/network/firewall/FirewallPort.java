package org.stackbox.network.firewall;

import org.stackbox.network.model.Port;

import static java.util.Objects.requireNonNull;

/**
 * A port as the firewall sees it: the port, the device its frames arrive on (the tap, or a veth end standing for one)
 * and the bridge of its network, both inside the namespace the ruleset is for.
 */
public record FirewallPort(Port port, String device, String bridge) {
    public FirewallPort {
        requireNonNull(port, "port is null");
        requireNonNull(device, "device is null");
        requireNonNull(bridge, "bridge is null");
    }
}
