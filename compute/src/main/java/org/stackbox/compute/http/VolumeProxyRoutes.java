package org.stackbox.compute.http;

import io.javalin.http.Context;
import org.stackbox.api.MicroversionNegotiator;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.common.auth.Caller;
import org.stackbox.volume.spi.Volumes;
import org.stackbox.volume.spi.Volumes.VolumeDetail;
import org.stackbox.volume.spi.Volumes.VolumeRequest;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Nova's volume proxy, {@code /os-volumes} and {@code /os-snapshots}: the volume service's volumes and snapshots as
 * Nova showed them before clients went to Cinder (list, detail, show, create and delete up to microversion 2.35; 404
 * after). The volume service's rules decide what a caller sees and may do (its project, quotas, states), Nova's
 * policies who may ask.
 */
final class VolumeProxyRoutes {
    private static final String VOLUMES = "/v2.1/os-volumes";
    private static final String SNAPSHOTS = "/v2.1/os-snapshots";
    private static final String RULE = "os_compute_api:os-volumes:";
    private static final int LAST_MINOR = 35;

    private final Volumes volumes;
    private final MicroversionNegotiator versions;
    private final String computeUrl;

    VolumeProxyRoutes(Volumes volumes, MicroversionNegotiator versions, String computeUrl) {
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.versions = requireNonNull(versions, "versions is null");
        this.computeUrl = requireNonNull(computeUrl, "computeUrl is null");
    }

    void register(ServiceRoutes routes) {
        routes.get(VOLUMES, RULE + "list", this::listVolumes);
        routes.get(VOLUMES + "/detail", RULE + "detail", this::listVolumes);
        routes.get(VOLUMES + "/{id}", RULE + "show", (context, caller) -> {
            ProxyRemoval.requireAtMost(versions, context, LAST_MINOR);
            Responses.ok(context, Map.of("volume",
                    VolumeProxyViews.volume(volumes.detail(caller, context.pathParam("id")))));
        });
        routes.post(VOLUMES, RULE + "create", this::createVolume);
        routes.delete(VOLUMES + "/{id}", RULE + "delete", (context, caller) -> {
            ProxyRemoval.requireAtMost(versions, context, LAST_MINOR);
            String id = context.pathParam("id");
            VolumeProxyFaults.passedOn(() -> volumes.delete(caller, id, false));
            context.status(202);
        });
        routes.get(SNAPSHOTS, RULE + "snapshots:list", this::listSnapshots);
        routes.get(SNAPSHOTS + "/detail", RULE + "snapshots:detail", this::listSnapshots);
        routes.get(SNAPSHOTS + "/{id}", RULE + "snapshots:show", (context, caller) -> {
            ProxyRemoval.requireAtMost(versions, context, LAST_MINOR);
            Responses.ok(context, Map.of("snapshot",
                    VolumeProxyViews.snapshot(volumes.snapshotDetail(caller, context.pathParam("id")))));
        });
        routes.post(SNAPSHOTS, RULE + "snapshots:create", (context, caller) -> {
            ProxyRemoval.requireAtMost(versions, context, LAST_MINOR);
            VolumeProxyRequests.SnapshotRequest request = VolumeProxyRequests.snapshot(NovaBodies.object(context));
            Responses.ok(context, Map.of("snapshot", VolumeProxyViews.snapshot(VolumeProxyFaults.snapshotPassedOn(
                    () -> volumes.createSnapshot(caller, request.volumeId(), request.force(), request.name(),
                            request.description())))));
        });
        routes.delete(SNAPSHOTS + "/{id}", RULE + "snapshots:delete", (context, caller) -> {
            ProxyRemoval.requireAtMost(versions, context, LAST_MINOR);
            String id = context.pathParam("id");
            VolumeProxyFaults.passedOn(() -> volumes.deleteSnapshot(caller, id));
            context.status(202);
        });
    }

    /** Nova's index and detail show the same fields; {@code limit} and {@code offset} page them. */
    private void listVolumes(Context context, Caller caller) {
        ProxyRemoval.requireAtMost(versions, context, LAST_MINOR);
        NovaListQuery query = new NovaListQuery(context);
        Responses.ok(context, Map.of("volumes", query.limited(volumes.list(caller)).stream()
                .map(VolumeProxyViews::volume).toList()));
    }

    private void listSnapshots(Context context, Caller caller) {
        ProxyRemoval.requireAtMost(versions, context, LAST_MINOR);
        NovaListQuery query = new NovaListQuery(context);
        Responses.ok(context, Map.of("snapshots", query.limited(volumes.listSnapshots(caller)).stream()
                .map(VolumeProxyViews::snapshot).toList()));
    }

    /**
     * A new volume, answered at once ({@code creating}) with its address in {@code Location}; a snapshot to make it
     * from must be one the caller sees (404 otherwise), as Nova looks it up first.
     */
    private void createVolume(Context context, Caller caller) {
        ProxyRemoval.requireAtMost(versions, context, LAST_MINOR);
        VolumeRequest request = VolumeProxyRequests.volume(NovaBodies.object(context));
        request.snapshotId().ifPresent(snapshot -> volumes.snapshotDetail(caller, snapshot));
        VolumeDetail created = VolumeProxyFaults.passedOn(() -> volumes.create(caller, request));
        context.header("Location", computeUrl + VOLUMES + "/" + created.id());
        Responses.ok(context, Map.of("volume", VolumeProxyViews.volume(created)));
    }
}
