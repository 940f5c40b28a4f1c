package org.stackbox.virt;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A virtio network card on the server's own user-mode network.
 *
 * @param macAddress lower-case {@code 52:54:00:xx:xx:xx} style address
 * @param bootIndex the place in the boot order for PXE, or {@code null} when the card does not boot
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NetworkInterface(String macAddress, Integer bootIndex) {
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

    public NetworkInterface withBootIndex(Integer newBootIndex) {
        return new NetworkInterface(macAddress, newBootIndex);
    }
}
