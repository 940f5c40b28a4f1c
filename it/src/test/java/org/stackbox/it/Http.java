package org.stackbox.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Raw HTTP for what the clients cannot send: malformed bodies, bogus tokens, unknown routes. */
public final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Http() {}

    public record Response(int status, java.net.http.HttpHeaders headers, String body) {
        public JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    public static Response send(String method, String url, String token, String subjectToken, String body)
            throws IOException, InterruptedException {
        return send(method, url, token, subjectToken, body, java.util.Map.of());
    }

    public static Response send(String method, String url, String token, String subjectToken, String body,
                                java.util.Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("X-Auth-Token", token);
        }
        if (subjectToken != null) {
            request.header("X-Subject-Token", subjectToken);
        }
        headers.forEach(request::header);
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.headers(), response.body());
    }

    /** A project-scoped token for a user of the Default domain. */
    public static String token(String identityUrl, String user, String password, String project) throws IOException, InterruptedException {
        String body = """
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "%s", "domain": {"id": "default"}, "password": "%s"}}},
                          "scope": {"project": {"name": "%s", "domain": {"id": "default"}}}}}""".formatted(user, password, project);
        Response response = send("POST", identityUrl + "/v3/auth/tokens", null, null, body);
        if (response.status() != 201) {
            throw new AssertionError("token request failed: " + response.status() + " " + response.body());
        }
        return response.header("X-Subject-Token");
    }
}
