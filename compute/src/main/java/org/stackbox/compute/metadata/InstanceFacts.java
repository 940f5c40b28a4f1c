package org.stackbox.compute.metadata;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What the guest may learn about its server: everything the config drive and the metadata service say, as a plain
 * value, so that the documents are a pure function of it.
 *
 * @param hostname the host name Nova derives from the server's name when it is created (without a domain)
 * @param userData the {@code user_data} as the API took it (base64 text), if any
 * @param rootDeviceName the root device, e.g. {@code /dev/vda}, if the server boots from a disk it knows
 * @param volumeDevices the device names of attached volumes, e.g. {@code /dev/vdb}
 */
public record InstanceFacts(String serverId, String name, String hostname, String projectId,
                            String availabilityZone, Optional<BootKey> key, Optional<String> userData,
                            Map<String, String> metadata, String flavorName, Optional<String> imageId,
                            Optional<String> rootDeviceName, List<String> volumeDevices,
                            List<GuestInterface> interfaces) {
    public InstanceFacts {
        requireNonNull(serverId, "serverId is null");
        requireNonNull(name, "name is null");
        requireNonNull(hostname, "hostname is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(availabilityZone, "availabilityZone is null");
        requireNonNull(key, "key is null");
        requireNonNull(userData, "userData is null");
        metadata = Map.copyOf(requireNonNull(metadata, "metadata is null"));
        requireNonNull(flavorName, "flavorName is null");
        requireNonNull(imageId, "imageId is null");
        requireNonNull(rootDeviceName, "rootDeviceName is null");
        volumeDevices = List.copyOf(requireNonNull(volumeDevices, "volumeDevices is null"));
        interfaces = List.copyOf(requireNonNull(interfaces, "interfaces is null"));
    }

    /** The key pair the server was built with, as it was then (deleting the key pair later does not change it). */
    public record BootKey(String name, String type, String publicKey) {
        public BootKey {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
            requireNonNull(publicKey, "publicKey is null");
        }
    }
}
