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
 */
final class ServerAddresses {
    /** The server view's field for the SSH forward, {@code "127.0.0.1:22014"} (null for a server without ports). */
    static final String SSH_FORWARD = "stackbox:ssh_forward";

    private ServerAddresses() {}

    static Map<String, Object> addresses(List<ServerPort> ports) {
        Map<String, List<Map<String, Object>>> byNetwork = new LinkedHashMap<>();
        for (ServerPort port : ports) {
            List<Map<String, Object>> addresses = byNetwork.computeIfAbsent(port.networkName(), name -> new ArrayList<>());
            for (ServerPort.Address fixedIp : port.fixedIps()) {
                Map<String, Object> address = new LinkedHashMap<>();
                address.put("version", 4);
                address.put("addr", fixedIp.ipAddress());
                address.put("OS-EXT-IPS:type", "fixed");
                address.put("OS-EXT-IPS-MAC:mac_addr", port.macAddress());
                addresses.add(address);
            }
        }
        return new LinkedHashMap<>(byNetwork);
    }

    static Optional<String> sshForward(List<ServerPort> ports) {
        return ports.stream().flatMap(port -> port.forwards().stream())
                .filter(forward -> forward.protocol().equals("tcp") && forward.guestPort() == 22)
                .findFirst().map(forward -> forward.hostAddress() + ":" + forward.hostPort());
    }
}
