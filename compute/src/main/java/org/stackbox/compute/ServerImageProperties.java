package org.stackbox.compute;

import org.stackbox.common.auth.Caller;
import org.stackbox.compute.model.Server;
import org.stackbox.compute.model.ServerVolume;
import org.stackbox.compute.store.ServerVolumeRepository;
import org.stackbox.image.spi.Images;
import org.stackbox.volume.spi.Volumes;

import java.util.Optional;

/** An image property of a server: its image's, or for a server booted from a volume, the root volume's copy of it. */
final class ServerImageProperties {
    private ServerImageProperties() {}

    static Optional<String> of(Images images, Volumes volumes, ServerVolumeRepository serverVolumes, Caller caller,
                               Server server, String key) {
        Optional<String> property = Optional.ofNullable(server.imageId())
                .flatMap(id -> images.findActive(caller, id))
                .map(image -> image.properties().get(key));
        if (property.isEmpty()) {
            property = serverVolumes.forServer(server.id()).stream().filter(ServerVolume::isRoot).findFirst()
                    .map(root -> VolumeProperties.of(volumes, caller, root.volumeId(), key));
        }
        return property;
    }
}
