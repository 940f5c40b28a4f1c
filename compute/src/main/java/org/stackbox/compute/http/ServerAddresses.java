package org.stackbox.compute.http;

import org.stackbox.network.spi.ServerPort;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A server's {@code addresses} from its ports, by network name as Nova shows them, and Stackbox's SSH forward: the
 * host address and port that reach the guest's port 22, where OpenStack would show a floating IP.
 * <p>Nova's server view has no room for the forward (strict clients refuse fields its schema does not have), so it
 * shows as a metadata item: a server whose metadata has the key {@value #SSH_FORWARD} (set with any value, e.g.
 * {@code openstack server create --property stackbox:ssh_forward= ...}) shows the forward as that item's value,
 * {@code "127.0.0.1:22014"}, or {@code ""} while it has none.
 */
final class ServerAddresses {
    /** The metadata key whose value shows the SSH forward. */
    static final String SSH_FORWARD = "stackbox:ssh_forward";

    private ServerAddresses() {}

    /** The server view's addresses: each with its type and MAC, as {@code OS-EXT-IPS} adds them. */
    static Map<String, Object> addresses(List<ServerPort> ports) {
        return new LinkedHashMap<>(addresses(ports, true));
    }

    /** The addresses by network name, in the order of the ports; with type and MAC if {@code extended}. */
    static Map<String, List<Map<String, Object>>> addresses(List<ServerPort> ports, boolean extended) {
        Map<String, List<Map<String, Object>>> byNetwork = new LinkedHashMap<>();
        for (ServerPort port : ports) {
            List<Map<String, Object>> addresses = byNetwork.computeIfAbsent(port.networkName(), name -> new ArrayList<>());
            for (ServerPort.Address fixedIp : port.fixedIps()) {
                Map<String, Object> address = new LinkedHashMap<>();
                address.put("version", 4);
                address.put("addr", fixedIp.ipAddress());
                if (extended) {
                    address.put("OS-EXT-IPS:type", "fixed");
                    address.put("OS-EXT-IPS-MAC:mac_addr", port.macAddress());
                }
                addresses.add(address);
            }
        }
        return byNetwork;
    }

    /** The metadata as shown: the {@value #SSH_FORWARD} item, if there is one, holds the server's SSH forward. */
    static Map<String, String> shownMetadata(Map<String, String> metadata, List<ServerPort> ports) {
        if (!metadata.containsKey(SSH_FORWARD)) {
            return metadata;
        }
        Map<String, String> shown = new LinkedHashMap<>(metadata);
        shown.put(SSH_FORWARD, sshForward(ports).orElse(""));
        return shown;
    }

    private static Optional<String> sshForward(List<ServerPort> ports) {
        return ports.stream().flatMap(port -> port.forwards().stream())
                .filter(forward -> forward.protocol().equals("tcp") && forward.guestPort() == 22)
                .findFirst().map(forward -> forward.hostAddress() + ":" + forward.hostPort());
    }
}
