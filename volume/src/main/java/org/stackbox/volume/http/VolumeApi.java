package org.stackbox.volume.http;

import org.stackbox.common.ServiceError;
import org.stackbox.common.StackboxException;
import org.stackbox.api.Faults;
import org.stackbox.policy.PolicyException;
import io.javalin.http.Context;
import org.stackbox.common.auth.Caller;
import org.stackbox.api.FaultStyle;
import org.stackbox.api.Microversion;
import org.stackbox.api.MicroversionNegotiator;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceApi;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.api.ApiException;
import org.stackbox.volume.VolumeAttachments;
import org.stackbox.volume.VolumeQuotas;
import org.stackbox.volume.VolumeService;
import org.stackbox.volume.VolumeTransfers;
import org.stackbox.volume.VolumeQos;
import org.stackbox.volume.VolumeTypes;

import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.Set;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** Cinder v3, under {@code /volume}: every route is {@code /v3/{project_id}/...}. */
public final class VolumeApi implements ServiceApi {
    public static final Microversion MIN_VERSION = new Microversion(3, 0);
    public static final Microversion MAX_VERSION = new Microversion(3, 70);

    private final String volumeUrl;
    private final MicroversionNegotiator versions = new MicroversionNegotiator("volume", MIN_VERSION, MAX_VERSION, null);
    private final VolumeRoutes volumeRoutes;
    private final SnapshotRoutes snapshotRoutes;
    private final AttachmentRoutes attachmentRoutes;
    private final ProjectRoutes projectRoutes;
    private final HostRoutes hostRoutes;
    private final TransferRoutes transferRoutes;
    private final TypeRoutes typeRoutes;
    private final QosRoutes qosRoutes;

    public VolumeApi(String volumeUrl, VolumeService volumes, VolumeAttachments attachments, VolumeQuotas quotas,
                     VolumeTransfers transfers, VolumeTypes types, VolumeQos qos) {
        this.volumeUrl = requireNonNull(volumeUrl, "volumeUrl is null");
        VolumeViews views = new VolumeViews(volumeUrl, types::nameOf);
        this.volumeRoutes = new VolumeRoutes(volumes, attachments, views, versions);
        this.snapshotRoutes = new SnapshotRoutes(volumes, views, versions);
        this.attachmentRoutes = new AttachmentRoutes(attachments, views, versions);
        this.projectRoutes = new ProjectRoutes(volumes, quotas, views, versions);
        this.hostRoutes = new HostRoutes(volumes);
        this.transferRoutes = new TransferRoutes(transfers, views, versions);
        this.typeRoutes = new TypeRoutes(types, versions);
        this.qosRoutes = new QosRoutes(qos, volumeUrl);
    }

    @Override
    public String prefix() {
        return "/volume";
    }

    @Override
    public Optional<String> policy() {
        return Optional.of("volume");
    }

    @Override
    public Optional<MicroversionNegotiator> microversions() {
        return Optional.of(versions);
    }

    @Override
    public Set<String> bodyMediaTypes() {
        return Set.of("application/json", "application/vnd.openstack.volume+json");
    }

    @Override
    public FaultStyle faultStyle() {
        return FaultStyle.OPENSTACK;
    }

    @Override
    public ApiException fault(StackboxException failure) {
        if (failure instanceof PolicyException refused) {
            return ApiException.forbidden("Policy doesn't allow %s to be performed.", refused.rule());
        }
        if (failure.code() == ServiceError.MALFORMED_BODY) {
            return ApiException.badRequest("Malformed request body");
        }
        return Faults.byKind(failure);
    }

    @Override
    public void register(ServiceRoutes routes) {
        routes.publicGet("", context -> Responses.json(context, 300, Map.of("versions", List.of(version()))));
        routes.publicGet("/v3", context -> Responses.ok(context, Map.of("versions", List.of(version()))));
        volumeRoutes.register(routes);
        snapshotRoutes.register(routes);
        attachmentRoutes.register(routes);
        projectRoutes.register(routes);
        hostRoutes.register(routes);
        transferRoutes.register(routes);
        typeRoutes.register(routes);
        qosRoutes.register(routes);
    }

    /** The project in the URL must be the token's, unless the caller is an administrator. */
    static void requireOwnProject(Context context, Caller caller) {
        String project = context.pathParam("project");
        if (!caller.isAdmin() && !project.equals(caller.projectId())) {
            throw ApiException.forbidden("Policy doesn't allow access to project %s.", project);
        }
    }

    private Map<String, Object> version() {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("id", "v3.0");
        version.put("status", "CURRENT");
        version.put("version", MAX_VERSION.toString());
        version.put("min_version", MIN_VERSION.toString());
        version.put("updated", "2023-08-31T00:00:00Z");
        version.put("links", List.of(Map.of("rel", "self", "href", volumeUrl + "/v3/")));
        version.put("media-types", List.of(Map.of("base", "application/json",
                "type", "application/vnd.openstack.volume+json;version=3")));
        return version;
    }
}
