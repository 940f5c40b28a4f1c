package org.stackbox.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.stackbox.common.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The operator commands' way into a running Stackbox: the same public API the OpenStack clients use, with the same
 * credentials ({@code OS_*} variables, or the {@code openrc} of the data directory when none are set).
 */
final class CloudClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String token;
    private final JsonNode catalog;

    private CloudClient(String token, JsonNode catalog) {
        this.token = token;
        this.catalog = catalog;
    }

    static CloudClient login(Path dataDir) throws IOException, InterruptedException {
        Map<String, String> credentials = credentials(dataDir);
        String authUrl = require(credentials, "OS_AUTH_URL");
        String body = Json.write(Map.of("auth", Map.of(
                "identity", Map.of("methods", java.util.List.of("password"), "password", Map.of("user", Map.of(
                        "name", require(credentials, "OS_USERNAME"),
                        "domain", Map.of("name", credentials.getOrDefault("OS_USER_DOMAIN_NAME", "Default")),
                        "password", require(credentials, "OS_PASSWORD")))),
                "scope", Map.of("project", Map.of(
                        "name", require(credentials, "OS_PROJECT_NAME"),
                        "domain", Map.of("name", credentials.getOrDefault("OS_PROJECT_DOMAIN_NAME", "Default")))))));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stripSlash(authUrl) + "/v3/auth/tokens"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalArgumentException("login to %s failed: HTTP %d %s".formatted(authUrl, response.statusCode(), response.body()));
        }
        return new CloudClient(response.headers().firstValue("X-Subject-Token").orElseThrow(),
                Json.MAPPER.readTree(response.body()).at("/token/catalog"));
    }

    /** GETs {@code path} below the public endpoint of the service of {@code type}; the JSON body of a 200. */
    JsonNode get(String type, String path) throws IOException, InterruptedException {
        String endpoint = endpoint(type);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint + path))
                .timeout(Duration.ofSeconds(30)).header("X-Auth-Token", token).header("Accept", "application/json")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body().isEmpty() ? Json.object() : Json.MAPPER.readTree(response.body());
        if (response.statusCode() != 200) {
            JsonNode fault = body.isObject() && body.size() == 1 ? body.elements().next() : body;
            throw new IllegalArgumentException(fault.path("message").asText(response.body()) + " (HTTP " + response.statusCode() + ")");
        }
        return body;
    }

    /**
     * GETs {@code path} below the service's public endpoint into {@code file} (through a temporary file beside it, so
     * that a failed transfer leaves no partial file); the answer's error message when it is not a 200.
     */
    void download(String type, String path, Path file) throws IOException, InterruptedException {
        Path partial = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".part");
        try {
            HttpResponse<Path> response = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint(type) + path))
                    .header("X-Auth-Token", token).GET().build(), HttpResponse.BodyHandlers.ofFile(partial));
            if (response.statusCode() != 200) {
                String text = Files.readString(partial);
                JsonNode body = text.isEmpty() ? Json.object() : Json.MAPPER.readTree(text);
                JsonNode fault = body.isObject() && body.size() == 1 ? body.elements().next() : body;
                throw new IllegalArgumentException(fault.path("message").asText(text) + " (HTTP "
                        + response.statusCode() + ")");
            }
            Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** POSTs {@code body} as JSON below the service's public endpoint; the JSON body of a 2xx answer. */
    JsonNode post(String type, String path, Object body) throws IOException, InterruptedException {
        String endpoint = endpoint(type);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint + path))
                .timeout(Duration.ofMinutes(2)).header("X-Auth-Token", token).header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answer = response.body().isEmpty() ? Json.object() : Json.MAPPER.readTree(response.body());
        if (response.statusCode() / 100 != 2) {
            JsonNode fault = answer.isObject() && answer.size() == 1 ? answer.elements().next() : answer;
            throw new IllegalArgumentException(fault.path("message").asText(response.body()) + " (HTTP " + response.statusCode() + ")");
        }
        return answer;
    }

    private String endpoint(String type) {
        for (JsonNode service : catalog) {
            if (service.path("type").asText().equals(type)) {
                for (JsonNode endpoint : service.path("endpoints")) {
                    if (endpoint.path("interface").asText().equals("public")) {
                        return stripSlash(endpoint.path("url").asText());
                    }
                }
            }
        }
        throw new IllegalStateException("the catalog has no public endpoint of type " + type);
    }

    private static Map<String, String> credentials(Path dataDir) throws IOException {
        Map<String, String> environment = System.getenv();
        if (environment.containsKey("OS_AUTH_URL") && environment.containsKey("OS_PASSWORD")) {
            return environment;
        }
        Path openrc = dataDir.resolve("openrc");
        if (!Files.exists(openrc)) {
            throw new IllegalArgumentException("no OS_* credentials in the environment and no %s: source an openrc first".formatted(openrc));
        }
        Map<String, String> values = new HashMap<>();
        for (String line : Files.readAllLines(openrc)) {
            if (line.startsWith("export ") && line.contains("=")) {
                String assignment = line.substring("export ".length());
                int equals = assignment.indexOf('=');
                String value = assignment.substring(equals + 1);
                if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
                    value = value.substring(1, value.length() - 1);
                }
                values.put(assignment.substring(0, equals), value);
            }
        }
        return values;
    }

    private static String require(Map<String, String> credentials, String name) {
        return requireNonNull(credentials.get(name), () -> name + " is not set");
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
