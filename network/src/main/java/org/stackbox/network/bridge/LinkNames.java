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

    /** A router's interface in its namespace ({@code qr-}), and its peer on the network's bridge ({@code rtr}). */
    public static String routerInterface(String portId) {
        return "qr-" + prefix(portId);
    }

    public static String routerInterfacePeer(String portId) {
        return "rtr" + prefix(portId);
    }

    /** A router's gateway in its namespace ({@code qg-}), and its peer on the external network's bridge ({@code rtg}). */
    public static String routerGateway(String portId) {
        return "qg-" + prefix(portId);
    }

    public static String routerGatewayPeer(String portId) {
        return "rtg" + prefix(portId);
    }

    /** The cloud namespace's end of the veth pair that joins an external network's bridge to the host. */
    public static String externalPeer(String networkId) {
        return "ext" + prefix(networkId);
    }

    /**
     * The host's end of that pair: {@code sbx} and 11 hex characters of a hash of the cloud's namespace and the
     * network, so that two clouds on one host never name theirs alike.
     */
    public static String hostExternal(String namespace, String networkId) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest((namespace + "/" + networkId)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "sbx" + java.util.HexFormat.of().formatHex(digest).substring(0, ID_CHARACTERS);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String prefix(String id) {
        requireNonNull(id, "id is null");
        if (id.length() < ID_CHARACTERS || !id.matches("[0-9a-zA-Z-]+")) {
            throw new IllegalArgumentException("Not an id: " + id);
        }
        return id.substring(0, ID_CHARACTERS);
    }
}
