package org.stackbox.virt;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A virtio network card: on a user-mode network of its own, or on a tap device of a bridged network.
 *
 * @param macAddress lower-case {@code fa:16:3e:xx:xx:xx} style address
 * @param bootIndex the place in the boot order for PXE, or {@code null} when the card does not boot
 * @param userNetwork how its network is addressed (the card's port); {@code null} for the hypervisor's defaults
 * @param tapDevice the tap device the card is joined to (made by the network service, in the hypervisor's network
 *     namespace); {@code null} for a user-mode card
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NetworkInterface(String macAddress, Integer bootIndex, UserNetwork userNetwork, String tapDevice) {
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    private static final Pattern TAP = Pattern.compile("[A-Za-z0-9_-]{1,15}");

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
        if (tapDevice != null && (!TAP.matcher(tapDevice).matches() || userNetwork != null)) {
            throw new IllegalArgumentException("A card on a tap is a device name of up to 15 characters, without a "
                    + "user-mode network: " + tapDevice);
        }
    }

    public NetworkInterface(String macAddress, Integer bootIndex, UserNetwork userNetwork) {
        this(macAddress, bootIndex, userNetwork, null);
    }

    public NetworkInterface(String macAddress, Integer bootIndex) {
        this(macAddress, bootIndex, null, null);
    }

    public NetworkInterface withBootIndex(Integer newBootIndex) {
        return new NetworkInterface(macAddress, newBootIndex, userNetwork, tapDevice);
    }

    /** This card joined to what {@code other} is joined to (its user-mode network or its tap). */
    public NetworkInterface withAttachmentOf(NetworkInterface other) {
        return new NetworkInterface(macAddress, bootIndex, other.userNetwork(), other.tapDevice());
    }

    public NetworkInterface withUserNetwork(UserNetwork newUserNetwork) {
        return new NetworkInterface(macAddress, bootIndex, newUserNetwork, tapDevice);
    }
}
