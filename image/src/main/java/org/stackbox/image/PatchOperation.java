package org.stackbox.image;

import com.fasterxml.jackson.databind.JsonNode;
import org.stackbox.common.ServiceException;

import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * One operation of a Glance JSON patch ({@code application/openstack-images-v2.1-json-patch}) on one image attribute:
 * a base attribute such as {@code name}, or a free-form property. Image creation is expressed the same way, as one
 * {@code add} per attribute of the request body, so both follow the same rules.
 *
 * @param attribute the attribute name, already decoded from the JSON pointer
 * @param value the JSON value; null for {@code remove}
 */
public record PatchOperation(Op op, String attribute, JsonNode value) {
    public enum Op {
        ADD, REPLACE, REMOVE;

        public static Op fromWireName(String name) {
            for (Op op : values()) {
                if (op.name().toLowerCase(Locale.ROOT).equals(name)) {
                    return op;
                }
            }
            throw ServiceException.invalid("Operation objects must contain exactly one member named \"add\", "
                    + "\"remove\", or \"replace\".");
        }
    }

    public PatchOperation {
        requireNonNull(op, "op is null");
        requireNonNull(attribute, "attribute is null");
        if (op != Op.REMOVE) {
            requireNonNull(value, "value is null");
        }
    }

    public static PatchOperation add(String attribute, JsonNode value) {
        return new PatchOperation(Op.ADD, attribute, value);
    }
}
