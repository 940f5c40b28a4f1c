package org.stackbox.network.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stackbox.api.Responses;
import org.stackbox.common.Json;
import org.stackbox.common.ServiceException;
import org.stackbox.network.spi.NeutronException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Neutron's bulk create: {@code {"ports": [{...}, {...}]}} makes each item as its own create would, in order, and
 * answers {@code 201} with them all; when one fails, those already made are deleted again and the failure is the
 * answer, so that a bulk create makes all or nothing.
 *
 * @param <T> the resource
 */
final class BulkCreate<T> {
    private static final Logger LOG = LoggerFactory.getLogger(BulkCreate.class);

    private final String resource;
    private final Function<byte[], T> createOne;
    private final Consumer<T> undo;
    private final Function<T, Object> view;

    /**
     * @param resource the singular name, e.g. {@code port} (the bulk list is its plural, {@code ports})
     * @param createOne makes one from a body {@code {"port": {...}}}
     * @param undo deletes one made by this request
     */
    BulkCreate(String resource, Function<byte[], T> createOne, Consumer<T> undo, Function<T, Object> view) {
        this.resource = requireNonNull(resource, "resource is null");
        this.createOne = requireNonNull(createOne, "createOne is null");
        this.undo = requireNonNull(undo, "undo is null");
        this.view = requireNonNull(view, "view is null");
    }

    /** Answers a create: one resource, or a bulk create's list. */
    void create(Context context) {
        byte[] body = context.bodyAsBytes();
        JsonNode items = bulkItems(body);
        if (items == null) {
            Responses.created(context, Map.of(resource, view.apply(createOne.apply(body))));
            return;
        }
        List<T> made = new ArrayList<>();
        try {
            for (JsonNode item : items) {
                ObjectNode one = Json.object();
                one.set(resource, item);
                made.add(createOne.apply(Json.writeBytes(one)));
            }
        } catch (RuntimeException e) {
            for (int index = made.size() - 1; index >= 0; index--) {
                try {
                    undo.accept(made.get(index));
                } catch (RuntimeException undoFailure) {
                    LOG.error("Cannot delete a {} of a failed bulk create: {}", resource, undoFailure.getMessage());
                }
            }
            throw e;
        }
        Responses.created(context, Map.of(resource + "s", made.stream().map(view).toList()));
    }

    /** The items of {@code {"ports": [...]}}, or null when the body is not a bulk create. */
    private JsonNode bulkItems(byte[] body) {
        ObjectNode root;
        try {
            root = Json.parseObject(body);
        } catch (ServiceException e) {
            return null;
        }
        JsonNode items = root.get(resource + "s");
        if (items == null || root.has(resource)) {
            return null;
        }
        if (!items.isArray() || items.isEmpty()) {
            throw NeutronException.badRequest("Resources required");
        }
        return items;
    }
}
