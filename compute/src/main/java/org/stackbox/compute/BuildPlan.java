package org.stackbox.compute;

import org.stackbox.common.auth.Caller;
import org.stackbox.compute.model.ComputeFlavor;
import org.stackbox.network.spi.ServerPort;
import org.stackbox.image.spi.ImageDescription;
import org.stackbox.virt.ImageMeta;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What a validated create request needs built: the flavor, the image (if any), the mappings, the attachments of
 * the existing volumes already reserved for the server (by volume id), and the ports bound to it (one card each).
 */
record BuildPlan(Caller caller, String serverId, String requestId, ComputeFlavor flavor,
                 Optional<ImageDescription> image, Optional<ImageMeta> imageMeta, List<RequestedMapping> mappings,
                 Map<String, String> reservedAttachments, boolean configDrive, List<ServerPort> ports) {
    BuildPlan {
        requireNonNull(caller, "caller is null");
        requireNonNull(serverId, "serverId is null");
        requireNonNull(requestId, "requestId is null");
        requireNonNull(flavor, "flavor is null");
        requireNonNull(image, "image is null");
        requireNonNull(imageMeta, "imageMeta is null");
        mappings = List.copyOf(mappings);
        reservedAttachments = Map.copyOf(reservedAttachments);
        ports = List.copyOf(ports);
    }
}
