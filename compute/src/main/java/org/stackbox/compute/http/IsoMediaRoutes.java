package org.stackbox.compute.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.stackbox.common.auth.Caller;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.api.ApiException;
import org.stackbox.common.JsonFields;
import org.stackbox.compute.IsoMedia;
import org.stackbox.virt.DiskDevice;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Stackbox's compute extension {@code stackbox-iso-media}: two server actions that Nova does not have, and the
 * extension listing that makes them discoverable ({@code GET /v2.1/extensions}, as Nova lists its own).
 * <pre>
 * POST /v2.1/servers/{id}/action {"stackbox:eject-iso": {"drive": "hda", "force": false}}
 * POST /v2.1/servers/{id}/action {"stackbox:insert-iso": {"imageRef": "IMAGE", "drive": "hdb"}}
 * </pre>
 * Both answer 200 with the server's block devices as they are afterwards.
 */
final class IsoMediaRoutes {
    static final String EJECT = "stackbox:eject-iso";
    static final String INSERT = "stackbox:insert-iso";
    static final String ALIAS = "stackbox-iso-media";

    private final IsoMedia media;

    IsoMediaRoutes(IsoMedia media) {
        this.media = requireNonNull(media, "media is null");
    }

    static Map<String, Object> extension() {
        Map<String, Object> extension = new LinkedHashMap<>();
        extension.put("name", "StackboxIsoMedia");
        extension.put("alias", ALIAS);
        extension.put("description", "Install from an ISO without recreating the server: server actions '"
                + EJECT + "' (take the ISO out and boot the installed volume; force opens a tray the guest locked) "
                + "and '" + INSERT + "' (put an ISO image into a CD-ROM drive, a new one if none is empty).");
        extension.put("namespace", "https://stackbox.org/compute/ext/iso-media/api/v1");
        extension.put("updated", "2026-01-01T00:00:00Z");
        extension.put("links", List.of());
        return extension;
    }

    void register(ServiceRoutes routes) {
        routes.get("/v2.1/extensions", "os_compute_api:extensions", (context, caller) ->
                Responses.ok(context, Map.of("extensions", List.of(extension()))));
        routes.get("/v2.1/extensions/{alias}", "os_compute_api:extensions", (context, caller) -> {
            if (!ALIAS.equals(context.pathParam("alias"))) {
                throw ApiException.notFound("Extension %s could not be found.", context.pathParam("alias"));
            }
            Responses.ok(context, Map.of("extension", extension()));
        });
    }

    /** {@code stackbox:eject-iso}: which drive (all when none is named), and whether to open a locked tray. */
    record EjectIso(Optional<String> drive, boolean force) {
        static EjectIso parse(ObjectNode body) {
            JsonNode request = body.get(EJECT);
            Optional<String> drive = request.isObject() ? JsonFields.optionalString(request, "drive") : Optional.empty();
            boolean force = request.isObject() && ServerRequests.bool(request.get("force"), "force").orElse(false);
            return new EjectIso(drive, force);
        }
    }

    /** {@code stackbox:insert-iso}: the ISO image, and the drive (the first empty one when none is named). */
    record InsertIso(String imageRef, Optional<String> drive) {
        static InsertIso parse(ObjectNode body) {
            ObjectNode request = JsonFields.requireObject(body, INSERT);
            return new InsertIso(JsonFields.requireString(request, "imageRef"),
                    JsonFields.optionalString(request, "drive"));
        }
    }

    void eject(Context context, Caller caller, String serverId, EjectIso request) {
        answer(context, media.eject(caller, serverId, request.drive(), request.force()));
    }

    void insert(Context context, Caller caller, String serverId, InsertIso request) {
        answer(context, media.insert(caller, serverId, request.imageRef(), request.drive()));
    }

    private static void answer(Context context, IsoMedia.Drives drives) {
        Responses.ok(context, Map.of("server_id", drives.serverId(),
                "block_devices", drives.disks().stream().map(IsoMediaRoutes::device).toList()));
    }

    private static Map<String, Object> device(DiskDevice disk) {
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("target", disk.target());
        device.put("source", disk.source().name());
        device.put("bus", disk.bus().openStackName());
        device.put("device_type", disk.deviceType().name().toLowerCase(java.util.Locale.ROOT));
        device.put("boot_index", disk.bootIndex());
        return device;
    }
}
