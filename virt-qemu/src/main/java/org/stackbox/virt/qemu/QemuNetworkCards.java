package org.stackbox.virt.qemu;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.stackbox.common.Json;
import org.stackbox.virt.HostForward;
import org.stackbox.virt.NetworkInterface;
import org.stackbox.virt.UserNetwork;

/**
 * A network card as QEMU sees it: a user-mode {@code -netdev} (one per card, so the guest is alone on its network
 * and its first DHCP lease, {@code dhcpstart}, is its port's address), or on a bridged network a {@code tap} netdev
 * that opens the port's persistent tap by name (QEMU runs in the namespace that holds it; no scripts, the network
 * service joined the tap to its bridge already), and the {@code virtio-net-pci} device on it.
 * The same JSON serves the command line and {@code netdev_add}/{@code device_add}. Ids come from the MAC address, so a
 * card keeps its id when others come and go.
 */
final class QemuNetworkCards {
    private QemuNetworkCards() {}

    static String deviceId(NetworkInterface card) {
        return "nic-" + card.macAddress().replace(":", "");
    }

    static String netdevId(NetworkInterface card) {
        return "net-" + card.macAddress().replace(":", "");
    }

    /** The card's netdev, with the guest's way to the metadata service when its network can carry it. */
    static ObjectNode netdev(NetworkInterface card, Path metadataSocket) {
        if (card.tapDevice() != null) {
            return Json.object().put("type", "tap").put("id", netdevId(card)).put("ifname", card.tapDevice())
                    .put("script", "no").put("downscript", "no");
        }
        ObjectNode netdev = Json.object().put("type", "user").put("id", netdevId(card));
        UserNetwork network = card.userNetwork();
        if (network != null) {
            netdev.put("ipv6", false);
            netdev.put("net", network.cidr());
            netdev.put("host", network.gateway());
            netdev.put("dhcpstart", network.guestAddress());
            netdev.put("dns", network.dnsAddress());
            if (network.netboot() != null && card.bootIndex() != null) {
                // QEMU's own TFTP server (read-only, refuses "..") and the boot file its DHCP answer names (or a URL).
                if (network.netboot().tftpRoot() != null) {
                    netdev.put("tftp", network.netboot().tftpRoot());
                }
                netdev.put("bootfile", network.netboot().bootFile());
            }
            if (!network.hostForwards().isEmpty()) {
                ArrayNode forwards = netdev.putArray("hostfwd");
                for (HostForward forward : network.hostForwards()) {
                    forwards.addObject().put("str", "%s:%s:%d-%s:%d".formatted(forward.protocol(),
                            forward.hostAddress(), forward.hostPort(), network.guestAddress(), forward.guestPort()));
                }
            }
        }
        MetadataForward.addTo(netdev, metadataSocket);
        return netdev;
    }

    /** The card; one that does not boot gets no option ROM, as a hot-plugged card cannot have one anyway. */
    static GuestDevice device(NetworkInterface card) {
        GuestDevice.Builder builder = GuestDevice.builder("virtio-net-pci", deviceId(card))
                .property("netdev", netdevId(card))
                .property("mac", card.macAddress());
        if (card.bootIndex() != null) {
            builder.property("bootindex", card.bootIndex());
        } else {
            builder.property("romfile", "");
        }
        return builder.build();
    }
}
