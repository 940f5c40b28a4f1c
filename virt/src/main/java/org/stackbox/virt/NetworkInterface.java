package org.stackbox.virt;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A virtio network card on a user-mode network of its own.
 *
 * @param macAddress lower-case {@code fa:16:3e:xx:xx:xx} style address
 * @param bootIndex the place in the boot order for PXE, or {@code null} when the card does not boot
 * @param userNetwork how its network is addressed (the card's port); {@code null} for the hypervisor's defaults
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NetworkInterface(String macAddress, Integer bootIndex, UserNetwork userNetwork) {
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");

    public NetworkInterface {
        requireNonNull(macAddress, "macAddress is null");
        if (!MAC.matcher(macAddress).matches()) {
            throw new IllegalArgumentException("Invalid MAC address: " + macAddress);
        }
        if ((Integer.parseInt(macAddress.substring(0, 2), 16) & 1) != 0) {
            throw new IllegalArgumentException("A multicast MAC address cannot be a card's: " + macAddress);
        }
        if (bootIndex != null && bootIndex < 0) {
            throw new IllegalArgumentException("bootIndex must not be negative: " + bootIndex);
        }
    }

    public NetworkInterface(String macAddress, Integer bootIndex) {
        this(macAddress, bootIndex, null);
    }

    public NetworkInterface withBootIndex(Integer newBootIndex) {
        return new NetworkInterface(macAddress, newBootIndex, userNetwork);
    }

    public NetworkInterface withUserNetwork(UserNetwork newUserNetwork) {
        return new NetworkInterface(macAddress, bootIndex, newUserNetwork);
    }
}
