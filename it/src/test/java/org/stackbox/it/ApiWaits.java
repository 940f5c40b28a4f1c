package org.stackbox.it;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Waits through Stackbox's API, as the admin, for a server to be gone and for a volume to have a status. */
final class ApiWaits {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** A request to Stackbox with the admin's token: the path is below Stackbox's URL, the body is optional. */
    @FunctionalInterface
    interface Api {
        Http.Response send(String method, String path, String body) throws Exception;
    }

    private final Api api;
    private final String projectId;

    ApiWaits(Api api, String projectId) {
        this.api = api;
        this.projectId = projectId;
    }

    /** Returns once the server's GET answers 404. */
    void awaitGone(String id) throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (api.send("GET", "/compute/v2.1/servers/" + id, null).status() != 404) {
            assertThat(Instant.now()).as("server %s still there", id).isBefore(deadline);
            Thread.sleep(300);
        }
    }

    /** The volume once it has this status. */
    JsonNode awaitVolume(String id, String wanted) throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (true) {
            JsonNode volume = api.send("GET", "/volume/v3/" + projectId + "/volumes/" + id, null).json()
                    .path("volume");
            if (volume.path("status").asText().equals(wanted)) {
                return volume;
            }
            assertThat(Instant.now()).as("volume %s still %s", id, volume.path("status")).isBefore(deadline);
            Thread.sleep(300);
        }
    }
}
