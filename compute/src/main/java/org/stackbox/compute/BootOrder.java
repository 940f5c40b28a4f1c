package org.stackbox.compute;

import org.stackbox.common.ServiceException;
import org.stackbox.virt.NetworkBoot;

import java.util.Map;

/**
 * A server's boot order between its disks and the network, as the server metadata item {@code stackbox:boot_order}
 * says: {@code disk} (the default: no network boot), {@code disk,network} (the disks in the order of their boot
 * indexes, then PXE from the first card: a blank or unbootable disk falls through to the network, the article's
 * workaround made an API) or {@code network,disk} (PXE first, then the disks). Nova has no boot order for the network
 * (its blueprints {@code boot-order-for-instance} and {@code pxe-boot-instance} were never merged) and strict clients
 * refuse fields Nova's server view does not have, so the order is a metadata item: {@code openstack server create
 * --property stackbox:boot_order=disk,network}, or {@code openstack server set --property ...} on a server, applied
 * when it is next powered on (start, reboot, or the end of a resize or rebuild).
 */
final class BootOrder {
    static final String KEY = "stackbox:boot_order";

    private BootOrder() {}

    /** The order the metadata asks for; metadata without the item does not boot from the network. */
    static NetworkBoot of(Map<String, String> metadata) {
        String value = metadata.get(KEY);
        if (value == null) {
            return NetworkBoot.NEVER;
        }
        return switch (value.strip().replace(" ", "")) {
            case "disk" -> NetworkBoot.NEVER;
            case "disk,network" -> NetworkBoot.AFTER_DISKS;
            case "network,disk" -> NetworkBoot.FIRST;
            default -> throw ServiceException.invalid("Invalid %s '%s': the boot order is disk, disk,network or "
                    + "network,disk.", KEY, value);
        };
    }

    /** Refuses metadata whose boot order item is not one of the orders (400). */
    static void requireValid(Map<String, String> metadata) {
        of(metadata);
    }
}
