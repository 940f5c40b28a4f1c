package org.stackbox.virt;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What a server asks for, as far as its devices go.
 *
 * @param image the server's image ({@code imageRef}), if it has one; its properties apply to the layout, and unless a
 *     mapping has boot index 0 it becomes the root disk (or the boot CD-ROM, for an ISO)
 * @param blockDeviceMappings the mappings in the order the request gave them
 * @param configDrive whether the server gets a config drive
 * @param macAddresses one virtio network card per address, in this order
 * @param networkBoot where PXE sits in the boot order (the first card boots)
 */
public record LayoutRequest(
        String serverId,
        Flavor flavor,
        Optional<ImageMeta> image,
        List<BlockDeviceMapping> blockDeviceMappings,
        boolean configDrive,
        List<String> macAddresses,
        NetworkBoot networkBoot) {

    public LayoutRequest {
        BlockDeviceMapping.requireSafeId(serverId, "server id");
        requireNonNull(flavor, "flavor is null");
        requireNonNull(image, "image is null");
        blockDeviceMappings = List.copyOf(requireNonNull(blockDeviceMappings, "blockDeviceMappings is null"));
        macAddresses = List.copyOf(requireNonNull(macAddresses, "macAddresses is null"));
        requireNonNull(networkBoot, "networkBoot is null");
    }
}
