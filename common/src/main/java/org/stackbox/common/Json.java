package org.stackbox.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The one JSON mapper Stackbox uses, and the parsing that turns malformed input into a 400. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    /** Reads request bodies: one JSON value and nothing after it, as Python's json.loads reads them. */
    private static final ObjectReader BODY_READER = MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {}

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] writeBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a request body that must be one JSON value; an empty or malformed one is the caller's error. */
    public static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw ServiceException.invalid("The request body is empty; a JSON object is required.");
        }
        try {
            return BODY_READER.readTree(body);
        } catch (IOException e) {
            throw new ServiceException(ServiceError.MALFORMED_BODY,
                    "Malformed JSON in request body: %s".formatted(firstLine(e.getMessage())));
        }
    }

    /** Parses a request body that must be a JSON object; anything else is the caller's error. */
    public static ObjectNode parseObject(byte[] body) {
        if (!(parse(body) instanceof ObjectNode object)) {
            throw ServiceException.invalid("The request body must be a JSON object.");
        }
        return object;
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
