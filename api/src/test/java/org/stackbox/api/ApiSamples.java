package org.stackbox.api;

import org.stackbox.common.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden samples of API responses, as Nova keeps {@code doc/api_samples}: JSON recorded from a running Stackbox under a module's {@code src/test/resources/api-samples}. A response matches its sample
 * byte for byte once both have their ids, times, addresses and secrets replaced by placeholders.
 */
public final class ApiSamples {
    private record Placeholder(Pattern pattern, String replacement) {}

    private static final List<Placeholder> PLACEHOLDERS = List.of(
            new Placeholder(Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "<uuid>"),
            new Placeholder(Pattern.compile("\\b[0-9a-f]{32,128}\\b"), "<hex>"),
            new Placeholder(Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})?"),
                    "<time>"),
            new Placeholder(Pattern.compile("https?://[A-Za-z0-9.\\-]+:\\d+"), "http://<host>"),
            new Placeholder(Pattern.compile("\\b(127\\.0\\.0\\.1|0\\.0\\.0\\.0):\\d+\\b"), "<host>:<port>"),
            new Placeholder(Pattern.compile("fa:16:3e(:[0-9a-f]{2}){3}"), "<mac>"),
            new Placeholder(Pattern.compile("\"(adminPass|X-Auth-Token|token)\" : \"[^\"]*\""), "\"$1\" : \"<secret>\""));

    private ApiSamples() {}

    /**
     * The JSON text as Jackson writes it, indented: samples are compared in this one printing, so that the files may
     * keep the indentation they were recorded with while keys, their order and every value still count.
     */
    public static String print(String json) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Json.MAPPER.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String normalize(String json) {
        String normalized = json;
        for (Placeholder placeholder : PLACEHOLDERS) {
            normalized = placeholder.pattern().matcher(normalized).replaceAll(placeholder.replacement());
        }
        return normalized;
    }

    /** Asserts that {@code body} is the sample at {@code api-samples/<path>} on the test class path. */
    public static void assertMatchesSample(Object body, String path) {
        assertThat(normalize(print(Json.write(body)))).as("api-samples/%s", path)
                .isEqualTo(normalize(print(sample(path))));
    }

    public static String sample(String path) {
        try (InputStream in = ApiSamples.class.getClassLoader().getResourceAsStream("api-samples/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample api-samples/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
