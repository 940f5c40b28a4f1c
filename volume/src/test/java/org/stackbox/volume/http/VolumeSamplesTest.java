package org.stackbox.volume.http;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.stackbox.api.Microversion;
import org.stackbox.common.auth.Caller;
import org.stackbox.volume.model.Volume;
import org.stackbox.volume.model.VolumeStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.stackbox.api.ApiSamples.assertMatchesSample;

/**
 * Volume responses against the samples recorded from {@code openstack volume create|show} (volume 3.0: cinderclient
 * sends no microversion, by an administrator); see {@code api-samples/README.md} for how they differ from Cinder's.
 */
@Timeout(10)
class VolumeSamplesTest {
    private static final VolumeViews VIEWS = new VolumeViews("http://127.0.0.1:8791/volume");
    private static final Instant CREATED = Instant.parse("2026-12-04T16:41:26.841603Z");
    private static final Volume CREATING = new Volume("5a4d93e7-5671-46d3-b074-b1e1e9c817a8",
            "35201e41e5b14a32959dcf1dac342539", "b235e56d4eb64aa9b7c1149f12d6c95d", "vol1", null, 1,
            VolumeStatus.CREATING, false, "__DEFAULT__", "nova", null, null, null, null, Map.of(), null, CREATED,
            CREATED);
    private static final Caller ADMIN = new Caller("b235e56d4eb64aa9b7c1149f12d6c95d", "admin", "default",
            "35201e41e5b14a32959dcf1dac342539", "admin", "default", Set.of("admin", "member", "reader"),
            CREATED.plusSeconds(3600));

    /** Repeated: each run of the JVM must print the keys in one order, so no view may hold a {@code Map.of}. */
    @RepeatedTest(2)
    void create() {
        assertMatchesSample(Map.of("volume", VIEWS.detail(CREATING, List.of(), ADMIN, new Microversion(3, 0))),
                "volumes/volume-create-response.json");
    }

    @RepeatedTest(2)
    void listDetailed() {
        Volume available = CREATING.withStatus(VolumeStatus.AVAILABLE, CREATED.plusMillis(21));
        assertMatchesSample(Map.of("volumes", List.of(VIEWS.detail(available, List.of(), ADMIN,
                new Microversion(3, 0)))), "volumes/volumes-list-detailed-response.json");
    }
}
