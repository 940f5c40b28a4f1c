package org.stackbox.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static java.util.Objects.requireNonNull;

/**
 * One request of the bad-input corpus ({@code bad-input/<service>.yaml}) and what Stackbox must answer to it: the
 * status, and a part of the message of the service's fault body. {@code body} is JSON (written in the file as YAML),
 * {@code raw} is text sent as it is (malformed JSON, trailing garbage); {@code as} names whose token is sent
 * ({@code member}, the default, {@code admin}, or {@code nobody}). A case Stackbox does not pass yet says why in
 * {@code pending}; it is not sent (an input wrongly accepted would change what the next cases find), and is reported
 * as skipped with that reason.
 */
record BadInputCase(String service, String name, String method, String path, Map<String, String> headers,
                    Optional<String> body, int status, String message, Caller as, Optional<String> pending) {
    enum Caller { MEMBER, ADMIN, NOBODY }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LONG = Pattern.compile("\\{long:(\\d+)}");
    private static final Pattern KEYS_OBJECT = Pattern.compile("\"\\{keys:(\\d+)}\"");
    private static final Pattern LIST = Pattern.compile("\"\\{list:(\\d+)}\"");
    private static final Set<String> KEYS = Set.of("name", "method", "path", "headers", "body", "raw", "status",
            "message", "as", "comment", "pending");

    BadInputCase {
        requireNonNull(service, "service is null");
        requireNonNull(name, "name is null");
        requireNonNull(method, "method is null");
        requireNonNull(path, "path is null");
        headers = Map.copyOf(headers);
        requireNonNull(body, "body is null");
        requireNonNull(message, "message is null");
        requireNonNull(as, "as is null");
        requireNonNull(pending, "pending is null");
        if (status < 400 || status > 499) {
            throw new IllegalArgumentException(name + ": a bad input is refused with a 4xx status, not " + status);
        }
        if (message.isBlank()) {
            throw new IllegalArgumentException(name + ": the expected message is blank");
        }
    }

    /** The cases of {@code bad-input/<service>.yaml} on the test class path. */
    static List<BadInputCase> load(String service) throws IOException {
        String resource = "/bad-input/" + service + ".yaml";
        try (InputStream in = BadInputCase.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is not on the class path");
            }
            List<BadInputCase> cases = new ArrayList<>();
            for (JsonNode entry : YAML.readTree(in)) {
                cases.add(parse(service, entry));
            }
            return cases;
        }
    }

    private static BadInputCase parse(String service, JsonNode entry) throws IOException {
        String name = entry.path("name").asText();
        entry.fieldNames().forEachRemaining(key -> {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(service + " case '" + name + "' has an unknown key " + key);
            }
        });
        Map<String, String> headers = new LinkedHashMap<>();
        entry.path("headers").fields().forEachRemaining(header -> headers.put(header.getKey(), header.getValue().asText()));
        Optional<String> body = entry.has("raw") ? Optional.of(entry.get("raw").asText())
                : entry.has("body") ? Optional.of(JSON.writeValueAsString(entry.get("body"))) : Optional.empty();
        return new BadInputCase(service, name, entry.path("method").asText("GET"), entry.path("path").asText(),
                headers, body, entry.path("status").asInt(), entry.path("message").asText(),
                Caller.valueOf(entry.path("as").asText("member").toUpperCase()),
                entry.has("pending") ? Optional.of(entry.get("pending").asText()) : Optional.empty());
    }

    /**
     * The text with every {@code {placeholder}} of a resource replaced by its id, and the inputs too large to write
     * out expanded: {@code {long:N}} is N letters, a JSON string {@code "{keys:N}"} an object of N keys and
     * {@code "{list:N}"} an array of N strings.
     */
    static String substitute(String text, Map<String, String> values) {
        String result = text;
        for (Map.Entry<String, String> value : values.entrySet()) {
            result = result.replace("{" + value.getKey() + "}", value.getValue());
        }
        result = LONG.matcher(result).replaceAll(match -> "x".repeat(Integer.parseInt(match.group(1))));
        result = KEYS_OBJECT.matcher(result).replaceAll(match -> IntStream.range(0, Integer.parseInt(match.group(1)))
                .mapToObj(index -> "\"key" + index + "\": \"value\"").collect(Collectors.joining(", ", "{", "}")));
        return LIST.matcher(result).replaceAll(match -> IntStream.range(0, Integer.parseInt(match.group(1)))
                .mapToObj(index -> "\"item" + index + "\"").collect(Collectors.joining(", ", "[", "]")));
    }

    /** The message of a fault body, whichever service's shape it has; empty when the body is no fault. */
    static Optional<String> faultMessage(JsonNode body) {
        if (!(body instanceof ObjectNode) || body.size() != 1) {
            return Optional.empty();
        }
        JsonNode fault = body.elements().next();
        JsonNode message = fault.get("message");
        return message != null && message.isTextual() ? Optional.of(message.asText()) : Optional.empty();
    }
}
