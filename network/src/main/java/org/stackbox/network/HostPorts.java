package org.stackbox.network;

import org.stackbox.network.spi.NeutronException;
import org.stackbox.network.spi.NeutronFault;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static java.util.Objects.requireNonNull;

/**
 * Picks host ports for forwards from the configured range: one no forward has, that nothing on the host listens on
 * right now. The search starts at a random place, so that two clouds on one host seldom try the same port.
 */
final class HostPorts {
    private final NetworkConfig config;

    HostPorts(NetworkConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    String address() {
        return config.forwardAddress();
    }

    int choose(Set<Integer> taken) {
        int first = config.firstForwardPort();
        int count = config.lastForwardPort() - first + 1;
        int start = ThreadLocalRandom.current().nextInt(count);
        for (int step = 0; step < count; step++) {
            int candidate = first + (start + step) % count;
            if (!taken.contains(candidate) && isFree(candidate)) {
                return candidate;
            }
        }
        throw new NeutronException(NeutronFault.HOST_PORT_GENERATION_FAILURE, "No host port is free for a forward in "
                + first + "-" + config.lastForwardPort() + ".");
    }

    private boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(config.forwardAddress()), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
