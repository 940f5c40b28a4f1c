package org.stackbox.compute.http;

import org.stackbox.common.auth.Caller;
import org.stackbox.api.Microversion;
import org.stackbox.compute.model.ComputeFlavor;
import org.stackbox.compute.model.InstanceAction;
import org.stackbox.compute.model.Server;
import org.stackbox.compute.model.ServerStatus;
import org.stackbox.compute.model.ServerVolume;
import org.stackbox.network.spi.ServerPort;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Nova's JSON shapes, per microversion, for servers, flavors, attachments and instance actions. */
final class ComputeViews {
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

    private final String computeUrl;
    private final String imageUrl;

    ComputeViews(String computeUrl, String imageUrl) {
        this.computeUrl = requireNonNull(computeUrl, "computeUrl is null");
        this.imageUrl = requireNonNull(imageUrl, "imageUrl is null");
    }

    Map<String, Object> serverSummary(Server server) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", server.id());
        view.put("name", server.name());
        view.put("links", links("servers", server.id()));
        return view;
    }

    /** @param securityGroups the groups the request named, as Nova's answer repeats them ({@code default} if none) */
    Map<String, Object> createdServer(Server server, Optional<String> adminPass, List<String> securityGroups) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", server.id());
        view.put("links", links("servers", server.id()));
        view.put("OS-DCF:diskConfig", "MANUAL");
        view.put("security_groups", (securityGroups.isEmpty() ? List.of("default") : securityGroups).stream()
                .map(name -> Map.of("name", name)).toList());
        view.put("adminPass", adminPass.orElseGet(() -> org.stackbox.common.Ids.secret(9)));
        return view;
    }

    Map<String, Object> server(Server server, ComputeFlavor flavor, List<ServerVolume> volumes,
                               List<ServerPort> ports, Caller caller, Microversion version) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", server.id());
        view.put("name", server.name());
        view.put("status", server.apiStatus());
        view.put("tenant_id", server.projectId());
        view.put("user_id", server.userId());
        view.put("metadata", ServerAddresses.shownMetadata(server.metadata(), ports));
        view.put("hostId", hostId(server));
        view.put("image", server.imageId() == null ? "" : image(server.imageId()));
        view.put("flavor", flavor(flavor, version));
        view.put("created", time(server.createdAt()));
        view.put("updated", time(server.updatedAt()));
        view.put("addresses", ServerAddresses.addresses(ports));
        view.put("accessIPv4", server.accessIpv4() == null ? "" : server.accessIpv4());
        view.put("accessIPv6", server.accessIpv6() == null ? "" : server.accessIpv6());
        view.put("links", links("servers", server.id()));
        view.put("OS-DCF:diskConfig", "MANUAL");
        if (server.status() == ServerStatus.BUILD || server.status() == ServerStatus.ACTIVE) {
            view.put("progress", server.status() == ServerStatus.ACTIVE ? 100 : 0);
        }
        view.put("OS-EXT-AZ:availability_zone", server.availabilityZone());
        view.put("config_drive", server.configDrive() ? "True" : "");
        view.put("key_name", server.keyName());
        view.put("OS-SRV-USG:launched_at", server.launchedAt() == null ? null : usageTime(server.launchedAt()));
        view.put("OS-SRV-USG:terminated_at", null);
        // Nova's view: the groups of the server's ports, by name, each once; none, no key.
        List<Map<String, Object>> groups = ports.stream().flatMap(port -> port.securityGroups().stream()).distinct()
                .map(name -> Map.<String, Object>of("name", name)).toList();
        if (!groups.isEmpty()) {
            view.put("security_groups", groups);
        }
        view.put("OS-EXT-STS:task_state", server.taskState() == null ? null : server.taskState().wireName());
        view.put("OS-EXT-STS:vm_state", server.status().vmState());
        view.put("OS-EXT-STS:power_state", server.powerState().code());
        List<Map<String, Object>> attached = new ArrayList<>();
        for (ServerVolume volume : volumes) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", volume.volumeId());
            if (version.atLeast(2, 3)) {
                entry.put("delete_on_termination", volume.deleteOnTermination());
            }
            attached.add(entry);
        }
        view.put("os-extended-volumes:volumes_attached", attached);
        if (caller.isAdmin()) {
            view.put("OS-EXT-SRV-ATTR:host", server.host());
            view.put("OS-EXT-SRV-ATTR:hypervisor_hostname", server.host());
            view.put("OS-EXT-SRV-ATTR:instance_name", "instance-" + server.id());
            if (version.atLeast(2, 3)) {
                view.put("OS-EXT-SRV-ATTR:reservation_id", "r-" + server.id().substring(0, 8));
                view.put("OS-EXT-SRV-ATTR:launch_index", 0);
                view.put("OS-EXT-SRV-ATTR:hostname", server.name().replaceAll("[^A-Za-z0-9-]", "-").toLowerCase());
                view.put("OS-EXT-SRV-ATTR:kernel_id", "");
                view.put("OS-EXT-SRV-ATTR:ramdisk_id", "");
                view.put("OS-EXT-SRV-ATTR:root_device_name", "/dev/vda");
                view.put("OS-EXT-SRV-ATTR:user_data", server.userData());
            }
            if (version.atLeast(2, 16)) {
                view.put("host_status", server.host() == null ? "" : "UP");
            }
        }
        if (version.atLeast(2, 9)) {
            view.put("locked", server.lock() != null);
        }
        if (version.atLeast(2, 19)) {
            view.put("description", server.description());
        }
        if (version.atLeast(2, 26)) {
            view.put("tags", List.of());
        }
        if (version.atLeast(2, 63)) {
            view.put("trusted_image_certificates", null);
        }
        if (version.atLeast(2, 73)) {
            view.put("locked_reason", server.lock() == null ? null : server.lock().reason().orElse(null));
        }
        if (server.fault() != null) {
            Map<String, Object> fault = new LinkedHashMap<>();
            fault.put("code", server.fault().code());
            fault.put("message", server.fault().message());
            fault.put("created", time(server.updatedAt()));
            view.put("fault", fault);
        }
        return view;
    }

    /**
     * The answer to {@code PUT /servers/{id}}: before 2.75 Nova leaves out the extended attributes (availability
     * zone, config drive, key name, usage, security groups, extended status and volumes, host attributes) and the
     * addresses' type and MAC; from 2.75 it is the whole view, as {@code GET} shows it.
     */
    Map<String, Object> updatedServer(Server server, ComputeFlavor flavor, List<ServerVolume> volumes,
                                      List<ServerPort> ports, Caller caller, Microversion version) {
        Map<String, Object> view = server(server, flavor, volumes, ports, caller, version);
        if (version.atLeast(2, 75)) {
            return view;
        }
        view.keySet().removeIf(key -> key.startsWith("OS-EXT-") || key.startsWith("OS-SRV-USG:")
                || key.startsWith("os-extended-volumes:") || key.equals("config_drive") || key.equals("key_name")
                || key.equals("security_groups") || key.equals("host_status"));
        view.put("addresses", ServerAddresses.addresses(ports, false));
        return view;
    }

    /** The image's address in the image service, as Nova's links and Location headers give it. */
    String imageLocation(String imageId) {
        return imageUrl + "/images/" + imageId;
    }

    private Map<String, Object> image(String imageId) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", imageId);
        view.put("links", List.of(link(imageLocation(imageId), "bookmark")));
        return view;
    }

    private Object flavor(ComputeFlavor flavor, Microversion version) {
        if (!version.atLeast(2, 47)) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", flavor.id());
            view.put("links", List.of(link(computeUrl + "/flavors/" + flavor.id(), "bookmark")));
            return view;
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("vcpus", flavor.vcpus());
        view.put("ram", flavor.memoryMib());
        view.put("disk", flavor.diskGib());
        view.put("ephemeral", flavor.ephemeralGib());
        view.put("swap", flavor.swapMib());
        view.put("original_name", flavor.name());
        view.put("extra_specs", flavor.extraSpecs());
        return view;
    }

    Map<String, Object> flavorSummary(ComputeFlavor flavor, Microversion version) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", flavor.id());
        view.put("name", flavor.name());
        view.put("links", links("flavors", flavor.id()));
        if (version.atLeast(2, 55)) {
            view.put("description", flavor.description());
        }
        return view;
    }

    Map<String, Object> flavorDetail(ComputeFlavor flavor, Microversion version, boolean admin) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", flavor.id());
        view.put("name", flavor.name());
        view.put("ram", flavor.memoryMib());
        view.put("vcpus", flavor.vcpus());
        view.put("disk", flavor.diskGib());
        view.put("OS-FLV-EXT-DATA:ephemeral", flavor.ephemeralGib());
        view.put("swap", flavor.swapMib() == 0 && !version.atLeast(2, 75) ? "" : flavor.swapMib());
        view.put("rxtx_factor", flavor.rxtxFactor());
        view.put("os-flavor-access:is_public", flavor.isPublic());
        view.put("OS-FLV-DISABLED:disabled", false);
        view.put("links", links("flavors", flavor.id()));
        if (version.atLeast(2, 55)) {
            view.put("description", flavor.description());
        }
        if (version.atLeast(2, 61)) {
            view.put("extra_specs", flavor.extraSpecs());
        }
        return view;
    }

    Map<String, Object> volumeAttachment(ServerVolume volume, Microversion version) {
        Map<String, Object> view = new LinkedHashMap<>();
        if (!version.atLeast(2, 89)) {
            view.put("id", volume.volumeId());
        }
        view.put("serverId", volume.serverId());
        view.put("volumeId", volume.volumeId());
        view.put("device", volume.device());
        if (version.atLeast(2, 70)) {
            view.put("tag", null);
        }
        if (version.atLeast(2, 79)) {
            view.put("delete_on_termination", volume.deleteOnTermination());
        }
        if (version.atLeast(2, 89)) {
            view.put("attachment_id", volume.attachmentId());
            view.put("bdm_uuid", java.util.UUID.nameUUIDFromBytes((volume.serverId() + volume.volumeId())
                    .getBytes(StandardCharsets.UTF_8)).toString());
        }
        return view;
    }

    Map<String, Object> instanceAction(InstanceAction action, Microversion version, boolean withEvents,
                                       boolean admin) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("action", action.action());
        view.put("instance_uuid", action.serverId());
        view.put("message", action.message());
        view.put("project_id", action.projectId());
        view.put("request_id", action.requestId());
        view.put("start_time", usageTime(action.startTime()));
        view.put("user_id", action.userId());
        if (version.atLeast(2, 58)) {
            view.put("updated_at", usageTime(action.finishTime() == null ? action.startTime() : action.finishTime()));
        }
        if (withEvents) {
            Map<String, Object> event = new HashMap<>();
            event.put("event", action.event());
            event.put("start_time", usageTime(action.startTime()));
            event.put("finish_time", action.finishTime() == null ? null : usageTime(action.finishTime()));
            event.put("result", action.result());
            if (admin) {
                event.put("traceback", action.traceback());
            }
            if (version.atLeast(2, 62)) {
                event.put("hostId", "");
                if (admin) {
                    event.put("host", "stackbox");
                }
            }
            if (version.atLeast(2, 84)) {
                event.put("details", action.traceback());
            }
            view.put("events", List.of(event));
        }
        return view;
    }

    /** An image's links in Nova's image proxy: its own, and the image service's ({@code alternate}). */
    List<Map<String, String>> imageLinks(String imageId) {
        Map<String, String> alternate = new LinkedHashMap<>();
        alternate.put("rel", "alternate");
        alternate.put("type", "application/vnd.openstack.image");
        alternate.put("href", imageLocation(imageId));
        return List.of(link(computeUrl + "/v2.1/images/" + imageId, "self"),
                link(computeUrl + "/images/" + imageId, "bookmark"), alternate);
    }

    List<Map<String, String>> serverLinks(String serverId) {
        return links("servers", serverId);
    }

    private List<Map<String, String>> links(String collection, String id) {
        return List.of(link(computeUrl + "/v2.1/" + collection + "/" + id, "self"),
                link(computeUrl + "/" + collection + "/" + id, "bookmark"));
    }

    /** A link with its keys in Nova's order, so that a response reads the same at every start. */
    private static Map<String, String> link(String href, String rel) {
        Map<String, String> link = new LinkedHashMap<>();
        link.put("href", href);
        link.put("rel", rel);
        return link;
    }

    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Nova's timestamps with all six digits of their microseconds and no zone, as its usage and migrations show. */
    static String microsTime(Instant instant) {
        return MICROS.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    static String usageTime(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).toString().replace("Z", "");
    }

    private static String hostId(Server server) {
        if (server.host() == null) {
            return "";
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-224");
            return HexFormat.of().formatHex(digest.digest((server.projectId() + server.host())
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
