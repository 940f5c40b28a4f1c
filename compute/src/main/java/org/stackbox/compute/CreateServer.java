package org.stackbox.compute;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A validated {@code POST /servers} request.
 *
 * @param securityGroups the names (or ids) of the security groups for the server's new ports; empty for the default
 */
public record CreateServer(String name, Optional<String> description, Optional<String> imageRef, String flavorRef,
                           NetworkRequest networks, List<RequestedMapping> blockDeviceMappings,
                           Optional<String> keyName, Optional<String> userData, Map<String, String> metadata,
                           Optional<Boolean> configDrive, Optional<String> availabilityZone,
                           List<String> securityGroups, Optional<String> group) {
    public CreateServer {
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        imageRef = requireNonNull(imageRef, "imageRef is null").filter(ref -> !ref.isBlank());
        requireNonNull(flavorRef, "flavorRef is null");
        requireNonNull(networks, "networks is null");
        blockDeviceMappings = List.copyOf(requireNonNull(blockDeviceMappings, "blockDeviceMappings is null"));
        requireNonNull(keyName, "keyName is null");
        requireNonNull(userData, "userData is null");
        metadata = Map.copyOf(requireNonNull(metadata, "metadata is null"));
        requireNonNull(configDrive, "configDrive is null");
        requireNonNull(availabilityZone, "availabilityZone is null");
        securityGroups = List.copyOf(securityGroups);
        requireNonNull(group, "group is null");
    }

    /** A request that names no security group. */
    public CreateServer(String name, Optional<String> description, Optional<String> imageRef, String flavorRef,
                        NetworkRequest networks, List<RequestedMapping> blockDeviceMappings, Optional<String> keyName,
                        Optional<String> userData, Map<String, String> metadata, Optional<Boolean> configDrive,
                        Optional<String> availabilityZone) {
        this(name, description, imageRef, flavorRef, networks, blockDeviceMappings, keyName, userData, metadata,
                configDrive, availabilityZone, List.of(), Optional.empty());
    }

    /** The same request for a server of another name (each server of a multiple create has its own). */
    public CreateServer named(String newName) {
        return new CreateServer(newName, description, imageRef, flavorRef, networks, blockDeviceMappings, keyName,
                userData, metadata, configDrive, availabilityZone, securityGroups, group);
    }
}
