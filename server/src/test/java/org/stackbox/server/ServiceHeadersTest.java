package org.stackbox.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every answer of a service carries, whichever route gave it and whether it failed: the microversion it was
 * served at (compute, volume) and Nova's request id header beside OpenStack's.
 */
@Timeout(120)
class ServiceHeadersTest extends InProcessCloudTest {
    @Test
    void everyComputeAnswerNamesItsMicroversionAndRequestId() throws Exception {
        HttpResponse<String> missing = cloud.call("GET", "/compute/v2.1/servers/" + UUID.randomUUID() + "/ips",
                cloud.admin(), null, Map.of("OpenStack-API-Version", "compute 2.5"));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("OpenStack-API-Version")).contains("compute 2.5");
        assertThat(missing.headers().firstValue("X-OpenStack-Nova-API-Version")).contains("2.5");
        assertThat(missing.headers().firstValue("X-Compute-Request-Id"))
                .isEqualTo(missing.headers().firstValue("X-OpenStack-Request-Id")).isPresent();
    }

    @Test
    void everyVolumeAnswerNamesItsMicroversion() throws Exception {
        String project = JSON.readTree(cloud.call("GET", "/identity/v3/auth/tokens", cloud.admin(), null,
                Map.of("X-Subject-Token", cloud.admin())).body()).at("/token/project/id").asText();
        HttpResponse<String> missing = cloud.call("GET", "/volume/v3/%s/volumes/%s/metadata".formatted(project,
                UUID.randomUUID()), cloud.admin(), null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("OpenStack-API-Version")).contains("volume 3.0");
    }

    @Test
    void theComputeVersionsListTheLegacyV20FirstAndV21AsCurrent() throws Exception {
        var versions = JSON.readTree(cloud.call("GET", "/compute/", null, null).body()).path("versions");
        assertThat(versions.get(0).path("id").asText()).isEqualTo("v2.0");
        assertThat(versions.get(1).path("id").asText()).isEqualTo("v2.1");
        assertThat(versions.get(1).path("status").asText()).isEqualTo("CURRENT");
    }
}
