package org.stackbox.volume.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.stackbox.common.auth.Caller;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.api.ApiException;
import org.stackbox.api.Authorization;
import org.stackbox.common.Json;
import org.stackbox.common.JsonFields;
import org.stackbox.volume.VolumeQuotas;
import org.stackbox.volume.VolumeService;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per-project views: availability zones, limits and quota sets. */
final class ProjectRoutes {
    /** The extensions of Cinder's API that Stackbox serves: alias, name, description, as Cinder lists them. */
    private static final List<List<String>> EXTENSIONS = List.of(
            List.of("os-extended-snapshot-attributes", "ExtendedSnapshotAttributes",
                    "Extended SnapshotAttributes support."),
            List.of("os-vol-host-attr", "VolumeHostAttribute", "Expose host as an attribute of a volume."),
            List.of("os-vol-mig-status-attr", "VolumeMigStatusAttribute",
                    "Expose migration_status as an attribute of a volume."),
            List.of("os-vol-tenant-attr", "VolumeTenantAttribute", "Expose the internal project_id as an attribute "
                    + "of a volume."),
            List.of("os-vol-image-meta", "VolumeImageMetadata", "Show image metadata associated with the volume."),
            List.of("os-volume-actions", "VolumeActions", "Enable volume actions."),
            List.of("os-admin-actions", "AdminActions", "Enable admin actions."),
            List.of("os-availability-zone", "AvailabilityZones", "Describe Availability Zones."),
            List.of("os-hosts", "Hosts", "Admin-only host administration."),
            List.of("os-quota-sets", "Quotas", "Quota management support."),
            List.of("os-quota-class-sets", "Quota_classes", "Quota classes management support."),
            List.of("os-types-manage", "TypesManage", "Types manage support."),
            List.of("os-types-extra-specs", "TypesExtraSpecs", "Type extra specs support."),
            List.of("os-volume-type-access", "VolumeTypeAccess", "Volume type access support."),
            List.of("qos-specs", "Qos_specs_manage", "QoS specs support."));

    private final VolumeService volumes;
    private final VolumeQuotas quotas;
    private final VolumeViews views;
    private final org.stackbox.api.MicroversionNegotiator versions;

    ProjectRoutes(VolumeService volumes, VolumeQuotas quotas, VolumeViews views, org.stackbox.api.MicroversionNegotiator versions) {
        this.volumes = volumes;
        this.quotas = quotas;
        this.views = views;
        this.versions = versions;
    }

    void register(ServiceRoutes routes) {
        routes.get("/v3/{project}/os-availability-zone", "volume_extension:availability_zone_list", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            Responses.ok(context, Map.of("availabilityZoneInfo", List.of(Map.of(
                    "zoneName", VolumeService.AVAILABILITY_ZONE, "zoneState", Map.of("available", true)))));
        });
        routes.get("/v3/{project}/extensions", "stackbox:volume:extensions", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            Responses.ok(context, Map.of("extensions", EXTENSIONS.stream().map(extension -> Map.of(
                    "alias", extension.get(0), "name", extension.get(1), "description", extension.get(2),
                    "updated", "2013-01-01T00:00:00+00:00", "links", List.of())).toList()));
        });
        routes.get("/v3/{project}/limits", "limits_extension:used_limits", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            versions.negotiate(context);
            String project = context.pathParam("project");
            Map<String, Long> limits = quotas.limits(project);
            Map<String, Long> usage = quotas.usage(project);
            Map<String, Object> absolute = new LinkedHashMap<>();
            absolute.put("maxTotalVolumes", limits.get("volumes"));
            absolute.put("maxTotalSnapshots", limits.get("snapshots"));
            absolute.put("maxTotalVolumeGigabytes", limits.get("gigabytes"));
            absolute.put("maxTotalBackups", limits.get("backups"));
            absolute.put("maxTotalBackupGigabytes", limits.get("backup_gigabytes"));
            absolute.put("totalVolumesUsed", usage.get("volumes"));
            absolute.put("totalSnapshotsUsed", usage.get("snapshots"));
            absolute.put("totalGigabytesUsed", usage.get("gigabytes"));
            absolute.put("totalBackupsUsed", 0);
            absolute.put("totalBackupGigabytesUsed", 0);
            Responses.ok(context, Map.of("limits", Map.of("rate", List.of(), "absolute", absolute)));
        });
        // The quota's project is the target, as Cinder's quota rules are checked against it.
        Authorization.Target quotaProject = (context, caller) -> Map.of("project_id", context.pathParam("target"));
        routes.get("/v3/{project}/os-quota-sets/{target}", Authorization.rule("volume_extension:quotas:show", quotaProject),
                this::showQuotas);
        routes.get("/v3/{project}/os-quota-sets/{target}/defaults", Authorization.rule("volume_extension:quotas:show",
                quotaProject), (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            Map<String, Object> body = new LinkedHashMap<>(quotas.defaults());
            body.put("id", context.pathParam("target"));
            Responses.ok(context, Map.of("quota_set", body));
        });
        routes.put("/v3/{project}/os-quota-sets/{target}", Authorization.rule("volume_extension:quotas:update",
                quotaProject), (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            quotas.set(context.pathParam("target"), limits(context, "quota_set"));
            Responses.ok(context, Map.of("quota_set", quotas.limits(context.pathParam("target"))));
        });
        // Cinder's quota classes: only "default" means anything, its limits are every project's defaults.
        routes.get("/v3/{project}/os-quota-class-sets/{name}", "volume_extension:quota_classes", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", context.pathParam("name"));
            body.putAll(quotas.classLimits(context.pathParam("name")));
            Responses.ok(context, Map.of("quota_class_set", body));
        });
        routes.put("/v3/{project}/os-quota-class-sets/{name}", "volume_extension:quota_classes:update",
                (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            String name = context.pathParam("name");
            if (name.length() > 255) {
                throw ApiException.badRequest("Invalid input received: quota_class_name has %d characters, more "
                        + "than 255.", name.length());
            }
            quotas.setClass(name, limits(context, "quota_class_set"));
            Responses.ok(context, Map.of("quota_class_set", quotas.classLimits(name)));
        });
        routes.delete("/v3/{project}/os-quota-sets/{target}", Authorization.rule("volume_extension:quotas:delete",
                quotaProject), (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            quotas.reset(context.pathParam("target"));
            context.status(200);
        });
    }

    /** The limits of a quota set or class body ({@code {"quota_set": {RESOURCE: LIMIT, ...}}}), integers each. */
    private static Map<String, Long> limits(Context context, String member) {
        ObjectNode set = JsonFields.requireObject(Json.parseObject(context.bodyAsBytes()), member);
        Map<String, Long> changes = new LinkedHashMap<>();
        set.fields().forEachRemaining(entry -> {
            if (entry.getKey().equals("tenant_id") || entry.getKey().equals("id")) {
                return;
            }
            if (!entry.getValue().canConvertToLong() && !entry.getValue().isTextual()) {
                throw ApiException.badRequest("%s must be an integer", entry.getKey());
            }
            try {
                changes.put(entry.getKey(), Long.parseLong(entry.getValue().asText()));
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("%s must be an integer", entry.getKey());
            }
        });
        return changes;
    }

    private void showQuotas(Context context, Caller caller) {
        VolumeApi.requireOwnProject(context, caller);
        String target = context.pathParam("target");
        boolean withUsage = "true".equalsIgnoreCase(context.queryParam("usage"));
        Map<String, Long> limits = quotas.limits(target);
        Map<String, Long> usage = quotas.usage(target);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", target);
        limits.forEach((resource, limit) -> body.put(resource, withUsage
                ? Map.of("limit", limit, "in_use", usage.getOrDefault(resource, 0L), "reserved", 0, "allocated", 0)
                : limit));
        Responses.ok(context, Map.of("quota_set", body));
    }
}
