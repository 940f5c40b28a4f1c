package org.stackbox.network.bridge;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code ip} arguments a router's extra routes become, and how {@code ip route show} names destinations. */
class StaticRoutesTest {
    @Test
    void oneNexthopIsAViaRouteAndSeveralOneMultipathRoute() {
        assertThat(StaticRoutes.replace("10.2.0.0/24", Set.of("10.0.0.5")))
                .containsExactly("route", "replace", "10.2.0.0/24", "via", "10.0.0.5", "proto", "static");
        assertThat(StaticRoutes.replace("10.2.0.0/24", new LinkedHashSet<>(List.of("10.0.0.5", "10.0.0.6"))))
                .containsExactly("route", "replace", "10.2.0.0/24", "proto", "static", "nexthop", "via", "10.0.0.5",
                        "nexthop", "via", "10.0.0.6");
    }

    @Test
    void destinationsAreComparedAsIpPrintsThem() {
        assertThat(StaticRoutes.asShown("0.0.0.0/0")).isEqualTo("default");
        assertThat(StaticRoutes.asShown("192.0.2.9/32")).isEqualTo("192.0.2.9");
        assertThat(StaticRoutes.asShown("10.2.0.0/24")).isEqualTo("10.2.0.0/24");
        assertThat(StaticRoutes.installed("""
                10.2.0.0/24 via 10.0.0.5 dev qr-1234 proto static
                192.0.2.9 via 10.0.0.6 dev qr-1234 proto static
                10.3.0.0/24 proto static \\	nexthop via 10.0.0.5 dev qr-1234 weight 1\\	nexthop via 10.0.0.6 dev qr-1234 weight 1

                """)).containsExactly("10.2.0.0/24", "192.0.2.9", "10.3.0.0/24");
    }
}
