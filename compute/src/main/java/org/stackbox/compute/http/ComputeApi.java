package org.stackbox.compute.http;

import org.stackbox.common.ServiceError;
import org.stackbox.common.StackboxException;
import org.stackbox.api.Faults;
import org.stackbox.policy.PolicyException;
import org.stackbox.api.ApiException;
import org.stackbox.api.FaultStyle;
import org.stackbox.api.Microversion;
import org.stackbox.api.MicroversionNegotiator;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceApi;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.compute.ComputeFlavors;
import org.stackbox.compute.ComputeHost;
import org.stackbox.compute.ComputeQuotas;
import org.stackbox.compute.ServerGroups;
import org.stackbox.compute.ServerMigrations;
import org.stackbox.compute.ServerUsages;
import org.stackbox.image.spi.Images;
import org.stackbox.volume.spi.Volumes;
import org.stackbox.compute.HostCapacity;
import org.stackbox.compute.InstanceUsageAudit;
import org.stackbox.compute.ServerCreation;
import org.stackbox.compute.ServerOperations;
import org.stackbox.compute.keypair.KeyPairService;
import org.stackbox.compute.model.QuotaResource;
import org.stackbox.compute.store.InstanceActionRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.Set;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Nova v2.1, under {@code /compute}: version discovery, servers, flavors, key pairs, availability zones and limits,
 * with microversions negotiated through {@code OpenStack-API-Version: compute X.Y} or
 * {@code X-OpenStack-Nova-API-Version}.
 */
public final class ComputeApi implements ServiceApi {
    public static final String MIN_VERSION = "2.1";
    public static final String MAX_VERSION = "2.95";

    private final String computeUrl;
    private final MicroversionNegotiator versions = new MicroversionNegotiator("compute",
            Microversion.parse(MIN_VERSION), Microversion.parse(MAX_VERSION), "X-OpenStack-Nova-API-Version");
    private final ServerRoutes serverRoutes;
    private final FlavorRoutes flavorRoutes;
    private final InterfaceRoutes interfaceRoutes;
    private final SecurityGroupProxyRoutes securityGroupRoutes;
    private final IsoMediaRoutes isoMediaRoutes;
    private final KeyPairRoutes keyPairRoutes;
    private final QuotaRoutes quotaRoutes;
    private final QuotaClassRoutes quotaClassRoutes;
    private final HostRoutes hostRoutes;
    private final ImageProxyRoutes imageRoutes;
    private final ServerGroupRoutes serverGroupRoutes;
    private final UsageRoutes usageRoutes;
    private final UsageAuditRoutes usageAuditRoutes;
    private final MigrationRoutes migrationRoutes;
    private final VolumeProxyRoutes volumeRoutes;
    private final ComputeQuotas quotas;

    public ComputeApi(String computeUrl, String imageUrl, ServerOperations servers, ComputeFlavors flavors,
                      InstanceActionRepository instanceActions, KeyPairService keyPairs,
                      ComputeQuotas quotas, ComputeHost host, Images images, Volumes volumes,
                      ServerGroups groups, ServerUsages usages, ServerMigrations migrations,
                      InstanceUsageAudit usageAudit) {
        this.hostRoutes = new HostRoutes(requireNonNull(host, "host is null"), versions);
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.quotaRoutes = new QuotaRoutes(quotas, versions);
        this.quotaClassRoutes = new QuotaClassRoutes(quotas, versions);
        this.computeUrl = requireNonNull(computeUrl, "computeUrl is null");
        ComputeViews views = new ComputeViews(computeUrl, requireNonNull(imageUrl, "imageUrl is null"));
        this.isoMediaRoutes = new IsoMediaRoutes(servers.isoMedia());
        this.serverRoutes = new ServerRoutes(servers, flavors, instanceActions, versions, views, isoMediaRoutes, groups);
        this.serverGroupRoutes = new ServerGroupRoutes(groups, versions);
        this.usageRoutes = new UsageRoutes(usages, versions, computeUrl, Clock.systemUTC());
        this.usageAuditRoutes = new UsageAuditRoutes(usageAudit, versions);
        this.migrationRoutes = new MigrationRoutes(migrations, servers, versions, computeUrl);
        this.flavorRoutes = new FlavorRoutes(flavors, versions, views);
        this.interfaceRoutes = new InterfaceRoutes(servers.interfaces(), versions);
        this.securityGroupRoutes = new SecurityGroupProxyRoutes(servers.interfaces(), versions);
        this.keyPairRoutes = new KeyPairRoutes(keyPairs, versions, computeUrl);
        this.imageRoutes = new ImageProxyRoutes(images, quotas, versions, views, computeUrl);
        this.volumeRoutes = new VolumeProxyRoutes(volumes, versions, computeUrl);
    }

    @Override
    public String prefix() {
        return "/compute";
    }

    @Override
    public Optional<String> policy() {
        return Optional.of("compute");
    }

    @Override
    public Set<String> bodyMediaTypes() {
        return Set.of("application/json", "application/vnd.openstack.compute+json");
    }

    @Override
    public Optional<MicroversionNegotiator> microversions() {
        return Optional.of(versions);
    }

    @Override
    public List<String> requestIdHeaders() {
        return List.of("X-Compute-Request-Id");
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
        routes.publicGet("", context -> Responses.ok(context, Map.of("versions", List.of(legacyVersion(), version()))));
        routes.publicGet("/v2.1", context -> Responses.ok(context, Map.of("version", version())));
        serverRoutes.register(routes);
        flavorRoutes.register(routes);
        isoMediaRoutes.register(routes);
        interfaceRoutes.register(routes);
        securityGroupRoutes.register(routes);
        keyPairRoutes.register(routes);
        quotaRoutes.register(routes);
        quotaClassRoutes.register(routes);
        hostRoutes.register(routes);
        imageRoutes.register(routes);
        serverGroupRoutes.register(routes);
        usageRoutes.register(routes);
        usageAuditRoutes.register(routes);
        migrationRoutes.register(routes);
        volumeRoutes.register(routes);
        routes.get("/v2.1/os-availability-zone", "os_compute_api:os-availability-zone:list", (context, caller) -> {
            versions.negotiate(context);
            Responses.ok(context, Map.of("availabilityZoneInfo", List.of(zone(false))));
        });
        routes.get("/v2.1/os-availability-zone/detail", "os_compute_api:os-availability-zone:detail", (context, caller) -> {
            versions.negotiate(context);
            Responses.ok(context, Map.of("availabilityZoneInfo", List.of(zone(caller.isAdmin()))));
        });
        routes.get("/v2.1/limits", "os_compute_api:limits", (context, caller) -> {
            Microversion version = versions.negotiate(context);
            Responses.ok(context, Map.of("limits", Map.of("rate", List.of(),
                    "absolute", absoluteLimits(caller.projectId(), version))));
        });
    }

    private Map<String, Object> zone(boolean withHosts) {
        Map<String, Object> zone = new LinkedHashMap<>();
        zone.put("zoneName", ServerCreation.AVAILABILITY_ZONE);
        zone.put("zoneState", Map.of("available", true));
        zone.put("hosts", withHosts ? Map.of(HostCapacity.HOST_NAME, Map.of("nova-compute", Map.of(
                "available", true, "active", true, "updated_at", Instant.now().toString()))) : null);
        return zone;
    }

    /** Nova's absolute limits: the project's quotas under their old names, and what its servers use. */
    private Map<String, Object> absoluteLimits(String projectId, Microversion version) {
        Map<QuotaResource, Long> quota = quotas.limits(projectId);
        Map<QuotaResource, Long> used = quotas.usage(projectId);
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("maxTotalCores", quota.get(QuotaResource.CORES));
        limits.put("maxTotalRAMSize", quota.get(QuotaResource.RAM));
        limits.put("maxTotalInstances", quota.get(QuotaResource.INSTANCES));
        limits.put("maxServerMeta", quota.get(QuotaResource.METADATA_ITEMS));
        limits.put("maxImageMeta", quota.get(QuotaResource.METADATA_ITEMS));
        if (!version.atLeast(2, 57)) {
            limits.put("maxPersonality", quota.get(QuotaResource.INJECTED_FILES));
            limits.put("maxPersonalitySize", quota.get(QuotaResource.INJECTED_FILE_CONTENT_BYTES));
        }
        limits.put("maxTotalKeypairs", quota.get(QuotaResource.KEY_PAIRS));
        limits.put("maxServerGroups", quota.get(QuotaResource.SERVER_GROUPS));
        limits.put("maxServerGroupMembers", quota.get(QuotaResource.SERVER_GROUP_MEMBERS));
        if (!version.atLeast(2, 36)) {
            limits.put("maxSecurityGroups", quota.get(QuotaResource.SECURITY_GROUPS));
            limits.put("maxSecurityGroupRules", quota.get(QuotaResource.SECURITY_GROUP_RULES));
            limits.put("maxTotalFloatingIps", quota.get(QuotaResource.FLOATING_IPS));
            limits.put("totalSecurityGroupsUsed", 0);
            limits.put("totalFloatingIpsUsed", 0);
        }
        limits.put("totalCoresUsed", used.get(QuotaResource.CORES));
        limits.put("totalRAMUsed", used.get(QuotaResource.RAM));
        limits.put("totalInstancesUsed", used.get(QuotaResource.INSTANCES));
        limits.put("totalServerGroupsUsed", 0);
        return limits;
    }

    /** Nova still lists v2.0, the API before microversions, first: clients and tempest expect it there. */
    private Map<String, Object> legacyVersion() {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("id", "v2.0");
        version.put("status", "SUPPORTED");
        version.put("version", "");
        version.put("min_version", "");
        version.put("updated", "2011-01-21T11:33:21Z");
        version.put("links", List.of(Map.of("rel", "self", "href", computeUrl + "/v2/")));
        return version;
    }

    private Map<String, Object> version() {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("id", "v2.1");
        version.put("status", "CURRENT");
        version.put("version", MAX_VERSION);
        version.put("min_version", MIN_VERSION);
        version.put("updated", "2013-07-23T11:33:21Z");
        version.put("links", List.of(Map.of("rel", "self", "href", computeUrl + "/v2.1/")));
        version.put("media-types", List.of(Map.of("base", "application/json",
                "type", "application/vnd.openstack.compute+json;version=2.1")));
        return version;
    }
}
