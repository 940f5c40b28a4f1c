package org.stackbox.compute;

import org.stackbox.common.ServiceException;
import org.stackbox.common.auth.Caller;
import org.stackbox.common.net.Ipv4Address;
import org.stackbox.common.net.Ipv4Cidr;
import org.stackbox.compute.metadata.NetbootFiles;
import org.stackbox.image.spi.DiskFormat;
import org.stackbox.image.spi.Images;
import org.stackbox.virt.Netboot;
import org.stackbox.virt.NetworkInterface;
import org.stackbox.virt.UserNetwork;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A server that boots a kernel and an initramfs held by the image service ({@link NetbootFiles}): the checks on its
 * metadata items, and the boot file its first card's DHCP names. The files come from the metadata address, so the
 * card must be on a network that holds {@code 169.254.169.254} (the default network does); on another, the port's own
 * boot file (TFTP) applies.
 */
final class NetbootImages {
    private static final Ipv4Address METADATA_ADDRESS = Ipv4Address.parse("169.254.169.254");

    private NetbootImages() {}

    /** Refuses (400) netboot items that do not name an active kernel ({@code aki}) and initramfs ({@code ari}). */
    static void requireUsable(Images images, Caller caller, Map<String, String> metadata) {
        boolean kernel = metadata.containsKey(NetbootFiles.KERNEL);
        if (kernel != metadata.containsKey(NetbootFiles.INITRD)
                || !kernel && metadata.containsKey(NetbootFiles.COMMAND_LINE)) {
            throw ServiceException.invalid("%s and %s go together (%s with them).", NetbootFiles.KERNEL,
                    NetbootFiles.INITRD, NetbootFiles.COMMAND_LINE);
        }
        if (kernel) {
            requireImage(images, caller, metadata.get(NetbootFiles.KERNEL), DiskFormat.AKI, NetbootFiles.KERNEL);
            requireImage(images, caller, metadata.get(NetbootFiles.INITRD), DiskFormat.ARI, NetbootFiles.INITRD);
        }
    }

    /** The cards, the first one told to fetch the boot script when the metadata asks for a netboot of images. */
    static List<NetworkInterface> withScript(List<NetworkInterface> cards, Map<String, String> metadata) {
        if (!NetbootFiles.wanted(metadata) || cards.isEmpty() || cards.get(0).userNetwork() == null) {
            return cards;
        }
        UserNetwork network = cards.get(0).userNetwork();
        if (!Ipv4Cidr.parse(network.cidr()).contains(METADATA_ADDRESS)) {
            return cards;
        }
        List<NetworkInterface> changed = new ArrayList<>(cards);
        changed.set(0, cards.get(0).withUserNetwork(new UserNetwork(network.cidr(), network.gateway(),
                network.guestAddress(), network.dnsAddress(), network.hostForwards(),
                new Netboot(null, NetbootFiles.SCRIPT_URL))));
        return changed;
    }

    private static void requireImage(Images images, Caller caller, String imageId, DiskFormat format, String key) {
        boolean usable = images.findActive(caller, imageId).filter(image -> image.diskFormat() == format).isPresent();
        if (!usable) {
            throw ServiceException.invalid("%s must name an active image with disk_format %s: %s", key,
                    format.name().toLowerCase(Locale.ROOT), imageId);
        }
    }
}
