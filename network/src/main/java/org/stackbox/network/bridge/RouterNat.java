package org.stackbox.network.bridge;

import org.stackbox.common.net.Ipv4Address;
import org.stackbox.common.net.Ipv4Cidr;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The address translation of one router, as text for {@code nft -f} in the router's namespace: table
 * {@code ip stackbox}, replaced whole in one transaction. A floating IP is DNAT to its fixed IP for what arrives on
 * the gateway and SNAT from it for what leaves there; the router's subnets leave the gateway with its address (SNAT)
 * when {@code enable_snat}. What goes between the router's own subnets is not translated.
 */
record RouterNat(String gatewayDevice, Optional<Ipv4Address> gatewayAddress, List<Ipv4Cidr> snatSubnets,
                 List<FloatingPair> floatingIps) {
    static final String TABLE = "stackbox";

    RouterNat {
        requireNonNull(gatewayDevice, "gatewayDevice is null");
        requireNonNull(gatewayAddress, "gatewayAddress is null");
        snatSubnets = List.copyOf(snatSubnets);
        floatingIps = List.copyOf(floatingIps);
    }

    /** A floating IP and the fixed IP it leads to. */
    record FloatingPair(Ipv4Address floating, Ipv4Address fixed) {
        FloatingPair {
            requireNonNull(floating, "floating is null");
            requireNonNull(fixed, "fixed is null");
        }
    }

    /** The script; declaring the table before deleting it makes the delete valid on a namespace without one. */
    String script() {
        StringBuilder script = new StringBuilder();
        script.append("table ip ").append(TABLE).append(" {}\ndelete table ip ").append(TABLE).append('\n');
        script.append("table ip ").append(TABLE).append(" {\n");
        script.append("    chain prerouting {\n        type nat hook prerouting priority dstnat; policy accept;\n");
        for (FloatingPair pair : floatingIps) {
            script.append("        iifname \"").append(gatewayDevice).append("\" ip daddr ").append(pair.floating())
                    .append(" dnat to ").append(pair.fixed()).append('\n');
        }
        script.append("    }\n");
        script.append("    chain postrouting {\n        type nat hook postrouting priority srcnat; policy accept;\n");
        for (FloatingPair pair : floatingIps) {
            script.append("        oifname \"").append(gatewayDevice).append("\" ip saddr ").append(pair.fixed())
                    .append(" snat to ").append(pair.floating()).append('\n');
        }
        if (gatewayAddress.isPresent()) {
            for (Ipv4Cidr subnet : snatSubnets) {
                script.append("        oifname \"").append(gatewayDevice).append("\" ip saddr ").append(subnet)
                        .append(" snat to ").append(gatewayAddress.get()).append('\n');
            }
        }
        script.append("    }\n}\n");
        return script.toString();
    }
}
