package org.stackbox.network.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.stackbox.common.Json;
import org.stackbox.common.auth.Caller;
import org.stackbox.common.net.Ipv4Address;
import org.stackbox.network.model.FixedIp;
import org.stackbox.network.model.Port;
import org.stackbox.network.model.PortSecurity;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stackbox.api.ApiSamples.assertMatchesSample;
import static org.stackbox.api.ApiSamples.normalize;
import static org.stackbox.api.ApiSamples.print;
import static org.stackbox.api.ApiSamples.sample;

/**
 * Port responses against the samples recorded from {@code openstack port create|show|list} (Neutron v2.0, by an
 * administrator); see {@code api-samples/README.md} for how they differ from Neutron's own samples.
 */
@Timeout(10)
class PortSamplesTest {
    private static final Instant CREATED = Instant.parse("2026-12-04T17:01:33.482Z");
    private static final Port PORT = new Port("66f6035a-2a02-4e1d-93f7-27b6485d938f",
            "7c7b718f-a762-453e-a7c1-ebafd63eecbf", "e8849ce339384852848a1a187771e85b", "p1", "", "fa:16:3e:42:f2:8a",
            true, "", "", 0, false,
            List.of(new FixedIp("efc45ca8-ddfe-4473-8e1a-b5e903882f4c", Ipv4Address.parse("169.254.169.2"))),
            List.of(), new PortSecurity(true, List.of(), List.of()), List.of(), 1, CREATED, CREATED);
    private static final Caller ADMIN = new Caller("4d0c9ba4b5d54e6b8c3c54b5a4c2a0f1", "admin", "default",
            "e8849ce339384852848a1a187771e85b", "admin", "default", Set.of("admin", "member", "reader"),
            CREATED.plusSeconds(3600));
    private static final Caller MEMBER = new Caller("9a1f0c3e5b7d4e2f8a6c4b2d0e8f6a4c", "demo", "default",
            "e8849ce339384852848a1a187771e85b", "admin", "default", Set.of("member", "reader"),
            CREATED.plusSeconds(3600));
    /** The fields {@code openstack port list} asks for (its debug log prints them as one tuple; they go as five). */
    private static final List<String> LIST_FIELDS = List.of("id", "name", "mac_address", "fixed_ips", "status");

    /** Repeated: each run of the JVM must print the keys in one order, so no view may hold a {@code Map.of}. */
    @RepeatedTest(2)
    void create() {
        assertMatchesSample(Map.of("port", PortView.of(PORT, PORT.status(), ADMIN)), "ports/port-create-response.json");
    }

    @RepeatedTest(2)
    void show() {
        ListQuery query = new ListQuery(Map.of());
        assertMatchesSample(Map.of("port", query.trimmed(PortView.of(PORT, PORT.status(), ADMIN))),
                "ports/port-show-response.json");
    }

    @RepeatedTest(2)
    void list() {
        ListQuery query = new ListQuery(Map.of("fields", LIST_FIELDS));
        assertMatchesSample(query.apply("ports", List.of(NeutronViews.port(PORT, PORT.status(), ADMIN)), NeutronViews.PORT_ATTRIBUTES,
                "http://127.0.0.1:8830/network/v2.0/ports"), "ports/ports-list-response.json");
    }

    /** A member sees the administrator's sample without the four binding attributes Neutron's policy keeps for admins. */
    @Test
    void showToMember() throws Exception {
        ObjectNode expected = (ObjectNode) Json.MAPPER.readTree(sample("ports/port-show-response.json"));
        ((ObjectNode) expected.get("port")).remove(List.of("binding:host_id", "binding:profile", "binding:vif_type",
                "binding:vif_details"));
        ListQuery query = new ListQuery(Map.of());
        assertThat(normalize(print(Json.write(Map.of("port", query.trimmed(PortView.of(PORT, PORT.status(), MEMBER)))))))
                .isEqualTo(normalize(print(expected.toString())));
    }

    /** {@code GET /v2.0/ports/{id}?fields=status&fields=id}: the sample's two fields, in the order asked. */
    @Test
    void showFields() throws Exception {
        ObjectNode port = (ObjectNode) Json.MAPPER.readTree(sample("ports/port-show-response.json")).get("port");
        ObjectNode expected = Json.MAPPER.createObjectNode();
        expected.putObject("port").put("status", port.get("status").asText()).put("id", port.get("id").asText());
        ListQuery query = new ListQuery(Map.of("fields", List.of("status", "id")));
        assertThat(print(Json.write(Map.of("port", query.trimmed(PortView.of(PORT, PORT.status(), ADMIN))))))
                .isEqualTo(print(expected.toString()));
    }
}
