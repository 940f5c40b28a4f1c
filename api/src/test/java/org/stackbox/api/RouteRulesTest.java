package org.stackbox.api;

import org.junit.jupiter.api.Test;
import org.stackbox.common.StackboxException;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An authenticated route must name a rule its service's policy defines; otherwise the server does not start. */
class RouteRulesTest {
    private static ServiceApi naming(String rule) {
        return new ServiceApi() {
            @Override public String prefix() { return "/compute"; }
            @Override public FaultStyle faultStyle() { return FaultStyle.OPENSTACK; }
            @Override public ApiException fault(StackboxException failure) { return Faults.byKind(failure); }
            @Override public Optional<String> policy() { return Optional.of("compute"); }
            @Override public void register(ServiceRoutes routes) {
                routes.get("/v2.1/servers", rule, (context, caller) -> context.status(200));
            }
        };
    }

    @Test
    void aRouteNamingAnUnknownRuleStopsTheStart() {
        assertThatThrownBy(() -> new ApiServer(List.of(naming("os_compute_api:servers:teleport")),
                token -> Optional.empty(), "http://127.0.0.1/identity"))
                .hasStackTraceContaining("GET /compute/v2.1/servers names the rule os_compute_api:servers:teleport");
    }

    @Test
    void anActionTableNamingAnUnknownRuleStopsTheStart() {
        ServiceApi api = new ServiceApi() {
            @Override public String prefix() { return "/volume"; }
            @Override public FaultStyle faultStyle() { return FaultStyle.OPENSTACK; }
            @Override public ApiException fault(StackboxException failure) { return Faults.byKind(failure); }
            @Override public Optional<String> policy() { return Optional.of("volume"); }
            @Override public void register(ServiceRoutes routes) {
                routes.post("/v3/{project}/volumes/{id}/action",
                        Authorization.byAction(java.util.Map.of("os-extend", "volume:extend_forever")),
                        (context, caller) -> context.status(202));
            }
        };
        assertThatThrownBy(() -> new ApiServer(List.of(api), token -> Optional.empty(), "http://127.0.0.1/identity"))
                .hasStackTraceContaining("volume:extend_forever");
    }
}
