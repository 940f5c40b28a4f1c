package org.stackbox.compute.http;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.stackbox.api.Microversion;
import org.stackbox.common.auth.Caller;
import org.stackbox.compute.model.ComputeFlavor;
import org.stackbox.compute.model.PowerState;
import org.stackbox.compute.model.Server;
import org.stackbox.compute.model.ServerStatus;
import org.stackbox.network.spi.ServerPort;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stackbox.api.ApiSamples.assertMatchesSample;

/**
 * Server responses against the samples recorded from {@code openstack server create|show} (compute 2.1, as
 * python-openstackclient 6.0 sends by default, by an administrator); see {@code api-samples/README.md} for how they
 * differ from Nova's own samples.
 */
@Timeout(10)
class ServerSamplesTest {
    private static final String URL = "http://127.0.0.1:8791";
    private static final ComputeViews VIEWS = new ComputeViews(URL + "/compute", URL + "/image");
    private static final Instant CREATED = Instant.parse("2026-12-04T16:41:22Z");
    private static final Server SERVER = new Server("a7e60056-6bac-4c1e-b6c2-62e50617e84d",
            "35201e41e5b14a32959dcf1dac342539", "b235e56d4eb64aa9b7c1149f12d6c95d", "vm1", null, "10",
            "ae402efb-966c-4f34-bdad-44ffff7d475f", ServerStatus.ACTIVE, null, PowerState.RUNNING, "stackbox", null,
            null, true, Map.of(), List.of("75a0aad9-e70c-44e0-844b-2b68b70c93b0"), "fa:16:3e:c9:7c:c8", "nova", "{}",
            null, null, null, null, CREATED.plusMillis(1310), CREATED, CREATED.plusSeconds(1));
    private static final ComputeFlavor NANO = new ComputeFlavor("10", "stackbox.nano", 64, 1, 1, 0, 0, 1.0, true,
            null, Map.of(), false);
    private static final ServerPort PORT = new ServerPort("47d31a29-b364-4476-b93c-28214744ce10",
            "75a0aad9-e70c-44e0-844b-2b68b70c93b0", "private", "fa:16:3e:c9:7c:c8",
            List.of(new ServerPort.Address("5ebe2267-6b34-4c9e-a460-5113267099ce", "169.254.169.2")),
            Optional.empty(), List.of(new ServerPort.Forward("tcp", "127.0.0.1", 22845, 22)),
            Optional.empty());
    private static final Caller ADMIN = new Caller("b235e56d4eb64aa9b7c1149f12d6c95d", "admin", "default",
            "35201e41e5b14a32959dcf1dac342539", "admin", "default", Set.of("admin", "member", "reader"),
            CREATED.plusSeconds(3600));

    /** A server with a {@code stackbox:ssh_forward} item shows its forward there, the other items as they are. */
    @Test
    void theSshForwardShowsAsTheValueOfItsMetadataItem() {
        Server withItem = new Server(SERVER.id(), SERVER.projectId(), SERVER.userId(), SERVER.name(), null,
                SERVER.flavorId(), SERVER.imageId(), SERVER.status(), null, SERVER.powerState(), SERVER.host(), null,
                null, true, Map.of("stackbox:ssh_forward", "", "role", "web"), SERVER.networks(), SERVER.macAddress(),
                "nova", "{}", null, null, null, null, SERVER.launchedAt(), SERVER.createdAt(), SERVER.updatedAt());
        Map<String, Object> view = VIEWS.server(withItem, NANO, List.of(), List.of(PORT), ADMIN, new Microversion(2, 1));
        assertThat(view.get("metadata")).isEqualTo(Map.of("stackbox:ssh_forward", "127.0.0.1:22845", "role", "web"));
        Map<String, Object> withoutPorts = VIEWS.server(withItem, NANO, List.of(), List.of(), ADMIN,
                new Microversion(2, 1));
        assertThat(withoutPorts.get("metadata")).isEqualTo(Map.of("stackbox:ssh_forward", "", "role", "web"));
        assertThat(VIEWS.server(SERVER, NANO, List.of(), List.of(PORT), ADMIN, new Microversion(2, 1)).get("metadata"))
                .isEqualTo(Map.of());
    }

    /** Before 2.75 the answer to an update leaves out what Nova's update leaves out; from 2.75 it is the whole view. */
    @Test
    void anUpdateAnswersNovasReducedViewBefore275() {
        Map<String, Object> reduced = VIEWS.updatedServer(SERVER, NANO, List.of(), List.of(PORT), ADMIN,
                new Microversion(2, 1));
        assertThat(reduced.keySet()).containsExactlyInAnyOrder("id", "name", "status", "tenant_id", "user_id",
                "metadata", "hostId", "image", "flavor", "created", "updated", "addresses", "accessIPv4", "accessIPv6",
                "links", "OS-DCF:diskConfig", "progress");
        assertThat(reduced.get("addresses")).isEqualTo(Map.of("private",
                List.of(Map.of("version", 4, "addr", "169.254.169.2"))));
        Microversion latest = new Microversion(2, 75);
        assertThat(VIEWS.updatedServer(SERVER, NANO, List.of(), List.of(PORT), ADMIN, latest))
                .isEqualTo(VIEWS.server(SERVER, NANO, List.of(), List.of(PORT), ADMIN, latest));
    }

    @Test
    void create() {
        assertMatchesSample(Map.of("server", VIEWS.createdServer(SERVER, Optional.empty())), "servers/server-create-resp.json");
    }

    /** Repeated: each run of the JVM must print the keys in one order, so no view may hold a {@code Map.of}. */
    @RepeatedTest(3)
    void show() {
        assertMatchesSample(Map.of("server", VIEWS.server(SERVER, NANO, List.of(), List.of(PORT), ADMIN,
                new Microversion(2, 1))), "servers/server-get-resp.json");
    }
}
