package org.stackbox.network.bridge;

import static java.util.Objects.requireNonNull;

/**
 * The names of a bridged network's devices, as Neutron's Linux-bridge agent gives them: {@code brq} and {@code tap}
 * followed by the first 11 characters of the network's or port's id, 14 characters in all (Linux allows 15). Names
 * come from ids alone, so a restart finds the devices again from the database.
 */
public final class LinkNames {
    private static final int ID_CHARACTERS = 11;

    private LinkNames() {}

    public static String bridge(String networkId) {
        return "brq" + prefix(networkId);
    }

    public static String tap(String portId) {
        return "tap" + prefix(portId);
    }

    private static String prefix(String id) {
        requireNonNull(id, "id is null");
        if (id.length() < ID_CHARACTERS || !id.matches("[0-9a-zA-Z-]+")) {
            throw new IllegalArgumentException("Not an id: " + id);
        }
        return id.substring(0, ID_CHARACTERS);
    }
}
