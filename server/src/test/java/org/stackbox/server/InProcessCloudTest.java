package org.stackbox.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThat;

/** A test class whose tests share one in-process cloud with the default policy, started once for the class. */
abstract class InProcessCloudTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path root;

    static InProcessCloud cloud;

    @BeforeAll
    static void start() throws Exception {
        cloud = InProcessCloud.start(root.resolve("data"), "");
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    /** The body of a 200 answer. */
    static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The answer is {@code status} and its body says {@code message}. */
    static void refused(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).contains(message);
    }

    /** The names of the object's members, in the order the answer has them. */
    static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The ids of the items of {@code collection} in the list at {@code path}. */
    static List<String> ids(String path, String token, String collection) throws Exception {
        List<String> ids = new ArrayList<>();
        ok(cloud.call("GET", path, token, null)).path(collection).forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }
}
