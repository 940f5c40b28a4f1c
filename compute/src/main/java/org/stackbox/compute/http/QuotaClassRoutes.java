package org.stackbox.compute.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.stackbox.api.ApiException;
import org.stackbox.api.Microversion;
import org.stackbox.api.MicroversionNegotiator;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.compute.ComputeQuotas;
import org.stackbox.compute.model.QuotaResource;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * {@code /os-quota-class-sets/{id}}: an administrator reads and changes a quota class's limits. Only the
 * {@code default} class means anything, as in Nova: its limits are the defaults of every project without its own.
 * The resources shown follow Nova's microversions for this API (the network ones until 2.50, the server groups from
 * 2.50, the injected files until 2.57).
 */
final class QuotaClassRoutes {
    private static final String BASE = "/v2.1/os-quota-class-sets/{id}";
    private static final String RULE = "os_compute_api:os-quota-class-sets:";
    private static final int MAX_NAME_LENGTH = 255;

    private final ComputeQuotas quotas;
    private final MicroversionNegotiator versions;

    QuotaClassRoutes(ComputeQuotas quotas, MicroversionNegotiator versions) {
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.versions = requireNonNull(versions, "versions is null");
    }

    void register(ServiceRoutes routes) {
        routes.get(BASE, RULE + "show", (context, caller) -> {
            int minor = versions.negotiate(context).minor();
            String className = context.pathParam("id");
            Responses.ok(context, Map.of("quota_class_set", QuotaRoutes.withId(className,
                    QuotaRoutes.shown(quotas.classLimits(className), resource -> resource.classSetShowsAt(minor)))));
        });
        routes.put(BASE, RULE + "update", (context, caller) -> {
            Microversion version = versions.negotiate(context);
            String className = context.pathParam("id");
            Map<QuotaResource, Long> limits = limits(NovaBodies.object(context), version.minor());
            if (className.length() > MAX_NAME_LENGTH) {
                throw ApiException.badRequest("Invalid input received: quota_class_name has %d characters, more "
                        + "than %d.", className.length(), MAX_NAME_LENGTH);
            }
            quotas.setClass(className, limits);
            Responses.ok(context, Map.of("quota_class_set", QuotaRoutes.shown(quotas.classLimits(className),
                    resource -> resource.classSetShowsAt(version.minor()))));
        });
    }

    /** {@code {"quota_class_set": {RESOURCE: LIMIT, ...}}}, as Nova's update schema for the microversion takes it. */
    private static Map<QuotaResource, Long> limits(JsonNode body, int minor) {
        Set<String> allowed = Arrays.stream(QuotaResource.values()).filter(resource -> resource.classSetTakesAt(minor))
                .map(QuotaResource::wireName).collect(Collectors.toSet());
        JsonNode set = NovaBodies.member(body, "quota_class_set", allowed);
        Map<QuotaResource, Long> limits = new EnumMap<>(QuotaResource.class);
        set.fields().forEachRemaining(field -> limits.put(QuotaResource.fromWireName(field.getKey()).orElseThrow(),
                QuotaRoutes.UpdateRequest.limit(field.getKey(), field.getValue())));
        return limits;
    }
}
