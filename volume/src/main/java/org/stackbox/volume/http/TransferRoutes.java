package org.stackbox.volume.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.stackbox.api.Microversion;
import org.stackbox.api.MicroversionNegotiator;
import org.stackbox.api.Responses;
import org.stackbox.api.SchemaMessages;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.common.Json;
import org.stackbox.common.JsonFields;
import org.stackbox.common.auth.Caller;
import org.stackbox.volume.VolumeTransfers;
import org.stackbox.volume.model.Transfer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * {@code /v3/{project}/os-volume-transfer} and {@code /v3/{project}/volume-transfers} (the same controller in Cinder's
 * v3 router), with Cinder's bodies: no_snapshots from 3.55, the history fields from 3.57, paging from 3.59.
 */
final class TransferRoutes {
    private static final List<String> BASES = List.of("/v3/{project}/os-volume-transfer", "/v3/{project}/volume-transfers");
    private static final int WITH_SNAPSHOTS = 55;
    private static final int WITH_HISTORY = 57;
    private static final int PAGINATION = 59;
    /** Query parameters Cinder takes for paging from 3.59; before, they are filters like any other. */
    private static final Set<String> PAGING = Set.of("marker", "limit", "offset", "sort", "sort_key", "sort_dir");
    /** Columns of Cinder's transfers table a list may filter by, and their values. */
    private static final Map<String, Function<Transfer, String>> FILTERS = Map.of(
            "id", Transfer::id, "volume_id", Transfer::volumeId, "display_name", Transfer::name,
            "source_project_id", Transfer::sourceProjectId);
    private static final Map<String, Function<Transfer, Comparable<?>>> SORT_KEYS = Map.of(
            "id", Transfer::id, "volume_id", Transfer::volumeId, "display_name", Transfer::name,
            "created_at", Transfer::createdAt, "source_project_id", Transfer::sourceProjectId);

    private final VolumeTransfers transfers;
    private final VolumeViews views;
    private final MicroversionNegotiator versions;

    TransferRoutes(VolumeTransfers transfers, VolumeViews views, MicroversionNegotiator versions) {
        this.transfers = requireNonNull(transfers, "transfers is null");
        this.views = requireNonNull(views, "views is null");
        this.versions = requireNonNull(versions, "versions is null");
    }

    void register(ServiceRoutes routes) {
        for (String base : BASES) {
            routes.get(base, "volume:get_all_transfers", (context, caller) -> list(context, caller, false));
            routes.get(base + "/detail", "volume:get_all_transfers", (context, caller) -> list(context, caller, true));
            routes.post(base, "volume:create_transfer", this::create);
            routes.get(base + "/{id}", "volume:get_transfer", (context, caller) -> {
                VolumeApi.requireOwnProject(context, caller);
                Transfer transfer = transfers.get(caller, context.pathParam("id"));
                Responses.ok(context, Map.of("transfer", detail(context, transfer)));
            });
            routes.delete(base + "/{id}", "volume:delete_transfer", (context, caller) -> {
                VolumeApi.requireOwnProject(context, caller);
                transfers.delete(caller, context.pathParam("id"));
                context.status(202);
            });
            routes.post(base + "/{id}/accept", "volume:accept_transfer", this::accept);
        }
    }

    private void create(Context context, Caller caller) {
        VolumeApi.requireOwnProject(context, caller);
        boolean withSnapshotsField = versions.negotiate(context).atLeast(3, WITH_SNAPSHOTS);
        JsonNode body = Json.parseObject(context.bodyAsBytes());
        ObjectNode transfer = JsonFields.requireObject(body, "transfer");
        SchemaMessages.refuseUnknown(body, Set.of("transfer"), Optional.empty());
        SchemaMessages.refuseUnknown(transfer, withSnapshotsField ? Set.of("volume_id", "name", "no_snapshots")
                : Set.of("volume_id", "name"), Optional.of("transfer"));
        String volumeId = RequestFields.optionalUuid(transfer, "volume_id").orElseThrow(() ->
                SchemaMessages.invalid("transfer", transfer, SchemaMessages.required("volume_id")));
        String name = RequestFields.optionalName(transfer, "name", "name").map(String::strip).orElse(null);
        boolean noSnapshots = RequestFields.optionalBoolean(transfer, "no_snapshots").orElse(false);
        VolumeTransfers.Offer offer = transfers.create(caller, volumeId, name, noSnapshots);
        Map<String, Object> view = detail(context, offer.transfer());
        // Cinder's create view: the key after the volume id, before the links.
        Map<String, Object> created = new LinkedHashMap<>();
        view.forEach((key, value) -> {
            if (key.equals("links")) {
                created.put("auth_key", offer.authKey());
            }
            created.put(key, value);
        });
        Responses.json(context, 202, Map.of("transfer", created));
    }

    private void accept(Context context, Caller caller) {
        VolumeApi.requireOwnProject(context, caller);
        JsonNode body = Json.parseObject(context.bodyAsBytes());
        ObjectNode accept = JsonFields.requireObject(body, "accept");
        SchemaMessages.refuseUnknown(body, Set.of("accept"), Optional.empty());
        SchemaMessages.refuseUnknown(accept, Set.of("auth_key"), Optional.of("accept"));
        JsonNode key = accept.get("auth_key");
        if (key == null) {
            throw SchemaMessages.invalid("accept", accept, SchemaMessages.required("auth_key"));
        }
        if (!key.isTextual() && !key.isIntegralNumber()) {
            throw SchemaMessages.invalid("auth_key", key, SchemaMessages.notOfType(key, "string", "integer"));
        }
        Transfer accepted = transfers.accept(caller, context.pathParam("id"), key.asText());
        Responses.json(context, 202, Map.of("transfer", summary(context, accepted)));
    }

    private void list(Context context, Caller caller, boolean detailed) {
        VolumeApi.requireOwnProject(context, caller);
        boolean paged = versions.negotiate(context).atLeast(3, PAGINATION);
        Map<String, List<String>> filters = new LinkedHashMap<>(context.queryParamMap());
        boolean allProjects = Optional.ofNullable(filters.remove("all_tenants")).flatMap(values -> values.stream().findFirst())
                .map(TransferRoutes::isTrue).orElse(false);
        if (paged) {
            filters.keySet().removeAll(PAGING);
        }
        if (filters.containsKey("name")) {
            filters.put("display_name", filters.remove("name"));
        }
        List<Transfer> found;
        if (!FILTERS.keySet().containsAll(filters.keySet())) {
            found = List.of(); // as Cinder's query for a filter that names no column of the table
        } else {
            found = transfers.list(caller, allProjects).stream().filter(transfer -> filters.entrySet().stream()
                    .allMatch(filter -> filter.getValue().stream()
                            .anyMatch(value -> value.equals(FILTERS.get(filter.getKey()).apply(transfer)))))
                    .toList();
        }
        if (paged) {
            found = new ListPaging(context.queryParamMap()).page(found, Transfer::id,
                    marker -> transfers.get(caller, marker), SORT_KEYS);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transfers", found.stream().map(transfer -> detailed ? detail(context, transfer)
                : summary(context, transfer)).toList());
        if (paged) {
            ListPaging.nextLink(context, found, Transfer::id).ifPresent(next -> body.put("transfers_links", List.of(next)));
        }
        Responses.ok(context, body);
    }

    /** Cinder's summary view: the list's and the acceptance's. */
    private Map<String, Object> summary(Context context, Transfer transfer) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", transfer.id());
        view.put("volume_id", transfer.volumeId());
        view.put("name", transfer.name());
        view.put("links", links(context, transfer));
        return view;
    }

    /**
     * Cinder's detailed view. A transfer Stackbox still holds is one nobody accepted yet (an accepted one is removed,
     * as Cinder marks it deleted), so from 3.57 it has no destination and is not accepted.
     */
    private Map<String, Object> detail(Context context, Transfer transfer) {
        Microversion version = versions.negotiate(context);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", transfer.id());
        view.put("created_at", VolumeViews.time(transfer.createdAt()));
        view.put("name", transfer.name());
        view.put("volume_id", transfer.volumeId());
        view.put("links", links(context, transfer));
        if (version.atLeast(3, WITH_SNAPSHOTS)) {
            view.put("no_snapshots", transfer.noSnapshots());
        }
        if (version.atLeast(3, WITH_HISTORY)) {
            view.put("destination_project_id", null);
            view.put("source_project_id", transfer.sourceProjectId());
            view.put("accepted", false);
        }
        return view;
    }

    /** Under the project of the request, and Cinder's collection name whichever path was called. */
    private List<Map<String, String>> links(Context context, Transfer transfer) {
        return views.links(context.pathParam("project"), "os-volume-transfer", transfer.id());
    }

    /** oslo's bool_from_string, as Cinder reads all_tenants. */
    private static boolean isTrue(String value) {
        return Set.of("1", "t", "true", "on", "y", "yes").contains(value.strip().toLowerCase(java.util.Locale.ROOT));
    }
}
