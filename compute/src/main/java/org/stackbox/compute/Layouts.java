package org.stackbox.compute;

import org.stackbox.compute.model.ComputeFlavor;
import org.stackbox.virt.BlockDeviceLayout;
import org.stackbox.virt.BlockDeviceMapping;
import org.stackbox.virt.DomainSpec;
import org.stackbox.virt.Flavor;
import org.stackbox.virt.ImageMeta;
import org.stackbox.virt.LayoutRequest;
import org.stackbox.common.ServiceException;
import org.stackbox.network.spi.ServerPort;
import org.stackbox.virt.NetworkInterface;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns requested mappings into the virt layer's mappings and lays them out. */
final class Layouts {
    private Layouts() {}

    /**
     * The domain for the server. {@code volumeIds} gives the volume behind each mapping with destination volume (by
     * position in {@code mappings}); invalid combinations are the caller's error (400).
     */
    static DomainSpec layout(String serverId, ComputeFlavor flavor, Optional<ImageMeta> image,
                             List<RequestedMapping> mappings, Map<Integer, String> volumeIds, boolean configDrive,
                             List<ServerPort> ports, Map<String, String> metadata) {
        List<BlockDeviceMapping> converted = new ArrayList<>();
        for (int index = 0; index < mappings.size(); index++) {
            converted.add(convert(mappings.get(index), Optional.ofNullable(volumeIds.get(index))));
        }
        List<NetworkInterface> cards = NetbootImages.withScript(ServerNetworks.cards(ports), metadata);
        DomainSpec spec;
        try {
            spec = BlockDeviceLayout.layout(new LayoutRequest(serverId, new Flavor(flavor.vcpus(),
                    Math.max(16, flavor.memoryMib())), image, converted, configDrive,
                    cards.stream().map(NetworkInterface::macAddress).toList(), BootOrder.of(metadata)));
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalid("Block Device Mapping is Invalid: %s", e.getMessage());
        }
        List<NetworkInterface> addressed = new ArrayList<>();
        for (int index = 0; index < cards.size(); index++) {
            addressed.add(spec.networkInterfaces().get(index).withAttachmentOf(cards.get(index)));
        }
        return spec.withNetworkInterfaces(addressed);
    }

    private static BlockDeviceMapping convert(RequestedMapping mapping, Optional<String> volumeId) {
        try {
            return new BlockDeviceMapping(mapping.sourceType(), mapping.destinationType(),
                    mapping.destinationType() == org.stackbox.virt.DestinationType.VOLUME ? volumeId : Optional.empty(),
                    mapping.bootIndex(), mapping.deviceType(), mapping.diskBus(), mapping.deviceName());
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalid("Block Device Mapping is Invalid: %s", e.getMessage());
        }
    }
}
