package org.stackbox.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nova's image proxy ({@code /v2.1/images} and their metadata) over the real image service: the fields Nova shows,
 * its filters and paging, Glance's rules for who sees, changes and deletes, and the microversions that removed it.
 */
@Timeout(120)
class ComputeImageProxyTest extends InProcessCloudTest {
    private static final Map<String, String> MICROVERSION_2_36 = Map.of("OpenStack-API-Version", "compute 2.36");
    private static final Map<String, String> MICROVERSION_2_39 = Map.of("OpenStack-API-Version", "compute 2.39");

    @Test
    void imagesAreShownListedAndDeletedAsNovaShowsThem() throws Exception {
        String project = cloud.project("proxy");
        cloud.user("petra", "member", project);
        String token = cloud.tokenOf("petra", project);
        String image = cloud.activeImage(token);
        HttpResponse<String> queued = cloud.call("POST", "/image/v2/images", token,
                "{\"name\": \"waiting\", \"min_ram\": 256, \"min_disk\": 2, \"instance_uuid\": \"%s\", \"image_type\": \"snapshot\"}"
                        .formatted("6f1c8f5e-0a57-4f0e-9d6c-0a1f64b0c0de"));
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(201);
        String waiting = JSON.readTree(queued.body()).path("id").asText();

        JsonNode shown = ok(cloud.call("GET", "/compute/v2.1/images/" + image, token, null)).path("image");
        assertThat(shown.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(shown.path("progress").asInt()).isEqualTo(100);
        assertThat(shown.path("OS-EXT-IMG-SIZE:size").asLong()).isEqualTo(1024 * 1024);
        assertThat(shown.path("name").asText()).isEqualTo("zeros");
        assertThat(shown.path("created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(shown.has("server")).isFalse();
        assertThat(fieldNames(shown)).containsExactlyInAnyOrder("id", "name", "minRam", "minDisk", "metadata", "created",
                "updated", "status", "progress", "OS-EXT-IMG-SIZE:size", "links");
        assertThat(shown.path("links")).hasSize(3);
        assertThat(shown.at("/links/2/rel").asText()).isEqualTo("alternate");
        assertThat(shown.at("/links/2/href").asText()).endsWith("/images/" + image);

        JsonNode snapshot = ok(cloud.call("GET", "/compute/v2.1/images/" + waiting, token, null)).path("image");
        assertThat(snapshot.path("status").asText()).as("a queued image is SAVING").isEqualTo("SAVING");
        assertThat(snapshot.path("progress").asInt()).isEqualTo(25);
        assertThat(snapshot.path("minRam").asInt()).isEqualTo(256);
        assertThat(snapshot.path("minDisk").asInt()).isEqualTo(2);
        assertThat(snapshot.at("/server/id").asText()).isEqualTo("6f1c8f5e-0a57-4f0e-9d6c-0a1f64b0c0de");
        assertThat(snapshot.at("/metadata/image_type").asText()).isEqualTo("snapshot");

        assertThat(ids("/compute/v2.1/images", token)).contains(image, waiting);
        assertThat(ids("/compute/v2.1/images/detail?status=ACTIVE", token)).contains(image).doesNotContain(waiting);
        assertThat(ids("/compute/v2.1/images?name=waiting", token)).containsExactly(waiting);
        assertThat(ids("/compute/v2.1/images/detail?minRam=128", token)).containsExactly(waiting);
        assertThat(ids("/compute/v2.1/images?minDisk=3", token)).isEmpty();
        assertThat(ids("/compute/v2.1/images?type=snapshot", token)).containsExactly(waiting);
        assertThat(ids("/compute/v2.1/images?server=http://x/servers/6f1c8f5e-0a57-4f0e-9d6c-0a1f64b0c0de", token))
                .containsExactly(waiting);
        assertThat(ids("/compute/v2.1/images?property-image_type=snapshot", token)).containsExactly(waiting);

        JsonNode page = ok(cloud.call("GET", "/compute/v2.1/images?limit=1", token, null));
        assertThat(page.path("images")).hasSize(1);
        assertThat(page.at("/images_links/0/rel").asText()).isEqualTo("next");
        String first = page.at("/images/0/id").asText();
        assertThat(page.at("/images_links/0/href").asText()).contains("marker=" + first);
        assertThat(ids("/compute/v2.1/images?marker=" + first, token)).doesNotContain(first);
        refused(cloud.call("GET", "/compute/v2.1/images?marker=4f8a0b69-0000-4000-8000-000000000000", token, null),
                400, "marker");
        refused(cloud.call("GET", "/compute/v2.1/images?limit=abc", token, null), 400, "limit");
        refused(cloud.call("GET", "/compute/v2.1/images/4f8a0b69-0000-4000-8000-000000000000", token, null), 404,
                "Image not found.");
        refused(cloud.call("GET", "/compute/v2.1/images/" + image, token, null, MICROVERSION_2_36), 404,
                "could not be found");
        refused(cloud.call("GET", "/compute/v2.1/images", token, null, MICROVERSION_2_36), 404, "could not be found");

        String other = cloud.project("proxy-other");
        cloud.user("oskar", "member", other);
        String otherToken = cloud.tokenOf("oskar", other);
        assertThat(ids("/compute/v2.1/images", otherToken)).as("another project's private images")
                .doesNotContain(image, waiting);
        refused(cloud.call("GET", "/compute/v2.1/images/" + image, otherToken, null), 404, "Image not found.");
        refused(cloud.call("DELETE", "/compute/v2.1/images/" + image, otherToken, null), 404, "Image not found.");
        cloud.user("rita", "reader", project);
        refused(cloud.call("DELETE", "/compute/v2.1/images/" + image, cloud.tokenOf("rita", project), null), 403,
                "stackbox:compute:images:delete");

        assertThat(cloud.call("DELETE", "/compute/v2.1/images/" + image, token, null).statusCode()).isEqualTo(204);
        assertThat(cloud.call("GET", "/image/v2/images/" + image, token, null).statusCode())
                .as("gone from the image service").isEqualTo(404);
        refused(cloud.call("DELETE", "/compute/v2.1/images/" + image, token, null), 404, "Image not found.");
    }

    @Test
    void imageMetadataIsSetReplacedAndDeletedThroughNova() throws Exception {
        String project = cloud.project("proxymeta");
        cloud.user("mira", "member", project);
        String token = cloud.tokenOf("mira", project);
        String image = cloud.activeImage(token);
        String path = "/compute/v2.1/images/" + image + "/metadata";

        assertThat(ok(cloud.call("GET", path, token, null)).path("metadata")).isEmpty();
        assertThat(ok(cloud.call("POST", path, token, "{\"metadata\": {\"os_distro\": \"cirros\", \"a\": \"1\"}}"))
                .path("metadata")).isEqualTo(JSON.readTree("{\"os_distro\": \"cirros\", \"a\": \"1\"}"));
        assertThat(ok(cloud.call("PUT", path + "/a", token, "{\"meta\": {\"a\": \"2\"}}")).path("meta"))
                .isEqualTo(JSON.readTree("{\"a\": \"2\"}"));
        assertThat(ok(cloud.call("GET", path + "/a", token, null)).path("meta"))
                .isEqualTo(JSON.readTree("{\"a\": \"2\"}"));
        JsonNode glance = ok(cloud.call("GET", "/image/v2/images/" + image, token, null));
        assertThat(glance.path("a").asText()).as("kept by the image service").isEqualTo("2");
        assertThat(glance.path("os_distro").asText()).isEqualTo("cirros");

        assertThat(ok(cloud.call("PUT", path, token, "{\"metadata\": {\"b\": \"3\"}}")).path("metadata"))
                .isEqualTo(JSON.readTree("{\"b\": \"3\"}"));
        glance = ok(cloud.call("GET", "/image/v2/images/" + image, token, null));
        assertThat(glance.has("a")).as("PUT replaces all").isFalse();
        assertThat(glance.path("b").asText()).isEqualTo("3");
        assertThat(cloud.call("DELETE", path + "/b", token, null).statusCode()).isEqualTo(204);
        assertThat(ok(cloud.call("GET", path, token, null)).path("metadata")).isEmpty();

        refused(cloud.call("DELETE", path + "/b", token, null), 404, "Invalid metadata key");
        refused(cloud.call("GET", path + "/b", token, null), 404, "could not be found");
        refused(cloud.call("PUT", path + "/c", token, "{\"meta\": {\"d\": \"4\"}}"), 400, "Request body and URI mismatch");
        refused(cloud.call("POST", path, token, "{\"metadata\": {\"x\": 1}}"), 400, "is not of type 'string'");
        StringBuilder tooMany = new StringBuilder("{\"metadata\": {");
        for (int item = 0; item < 129; item++) {
            tooMany.append(item == 0 ? "" : ", ").append("\"k").append(item).append("\": \"v\"");
        }
        refused(cloud.call("PUT", path, token, tooMany.append("}}").toString()), 403, "Image metadata limit exceeded");
        refused(cloud.call("GET", path, token, null, MICROVERSION_2_39), 404, "could not be found");

        String other = cloud.project("proxymeta-other");
        cloud.user("otto", "member", other);
        refused(cloud.call("POST", path, cloud.tokenOf("otto", other), "{\"metadata\": {\"x\": \"y\"}}"), 404,
                "Image not found.");
        assertThat(ok(cloud.call("GET", path, token, null)).path("metadata")).as("unchanged by the refusals").isEmpty();
    }

    private static List<String> ids(String path, String token) throws Exception {
        return ids(path, token, "images");
    }
}
