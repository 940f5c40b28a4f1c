package org.stackbox.compute.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A server as the compute service keeps it.
 *
 * @param imageId the image it was booted from; null when it boots from a volume
 * @param networks the networks asked for: empty for {@code none}, {@code auto} or the requested ids
 * @param domainSpec the {@code DomainSpec} as JSON, once the block devices are laid out
 */
public record Server(String id, String projectId, String userId, String name, String description, String flavorId,
                     String imageId, ServerStatus status, TaskState taskState, PowerState powerState, String host,
                     String keyName, String userData, boolean configDrive, Map<String, String> metadata,
                     List<String> networks, String macAddress, String availabilityZone, String domainSpec,
                     Fault fault, ServerLock lock, String accessIpv4, String accessIpv6, Instant launchedAt,
                     Instant createdAt, Instant updatedAt) {
    public Server {
        requireNonNull(id, "id is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(name, "name is null");
        requireNonNull(flavorId, "flavorId is null");
        requireNonNull(status, "status is null");
        requireNonNull(powerState, "powerState is null");
        metadata = Map.copyOf(requireNonNull(metadata, "metadata is null"));
        networks = List.copyOf(requireNonNull(networks, "networks is null"));
        requireNonNull(availabilityZone, "availabilityZone is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    /** The API's {@code status}: a rebooting server shows {@code REBOOT} or {@code HARD_REBOOT}. */
    public String apiStatus() {
        if (status == ServerStatus.ACTIVE && taskState == TaskState.REBOOTING) {
            return "REBOOT";
        }
        if (status == ServerStatus.ACTIVE && taskState == TaskState.REBOOTING_HARD) {
            return "HARD_REBOOT";
        }
        if (taskState == TaskState.REBUILDING) {
            return "REBUILD";
        }
        if (taskState == TaskState.RESIZE_PREP) {
            return "RESIZE";
        }
        if (taskState == TaskState.RESIZE_REVERTING) {
            return "REVERT_RESIZE";
        }
        if (status == ServerStatus.RESIZED) {
            return "VERIFY_RESIZE";
        }
        return status.name();
    }
}
