package org.stackbox.network.bridge;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Which taps in the namespace are up. A persistent tap has a carrier only while a QEMU holds it open, so "up" means the
 * guest's card is connected: Neutron's port status {@code ACTIVE}, where {@code DOWN} is a port whose server is not
 * running.
 */
public final class PortLinks {
    private final NetworkNamespace namespace;
    private final Map<String, Boolean> carrier = new ConcurrentHashMap<>();

    public PortLinks(NetworkNamespace namespace) {
        this.namespace = requireNonNull(namespace, "namespace is null");
    }

    /** Whether the port's tap has a carrier, as of the last {@link #refresh}. */
    public boolean isUp(String portId) {
        return carrier.getOrDefault(LinkNames.tap(portId), false);
    }

    void refresh() {
        if (!namespace.exists()) {
            carrier.clear();
            return;
        }
        Map<String, Boolean> now = parse(namespace.ip("-o", "link", "show", "type", "tun"));
        carrier.keySet().retainAll(now.keySet());
        carrier.putAll(now);
    }

    /** {@code ip -o link show} lines: each link's name, and whether it has a carrier ({@code LOWER_UP}). */
    static Map<String, Boolean> parse(String output) {
        Map<String, Boolean> links = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 3 || !fields[0].endsWith(":")) {
                continue;
            }
            String name = fields[1].replaceAll(":$", "");
            int at = name.indexOf('@');
            links.put(at >= 0 ? name.substring(0, at) : name, fields[2].contains("LOWER_UP"));
        }
        return links;
    }
}
