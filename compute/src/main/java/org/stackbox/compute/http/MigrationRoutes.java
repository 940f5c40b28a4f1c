package org.stackbox.compute.http;

import io.javalin.http.Context;
import org.stackbox.api.ApiException;
import org.stackbox.api.Microversion;
import org.stackbox.api.MicroversionNegotiator;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.common.ServiceException;
import org.stackbox.compute.ServerMigrations;
import org.stackbox.compute.ServerOperations;
import org.stackbox.compute.model.Migration;
import org.stackbox.compute.store.MigrationRepository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Nova's migration records for administrators: {@code GET /os-migrations} with its filters (and from 2.59 paging
 * newest first by {@code limit} and {@code marker}, {@code changes-since}; {@code changes-before} from 2.66,
 * {@code user_id} and {@code project_id} from 2.80), and from 2.23 a server's in-progress live migrations under
 * {@code /servers/{id}/migrations}.
 */
final class MigrationRoutes {
    private static final String BASE = "/v2.1/os-migrations";
    private static final String SERVER_MIGRATIONS = "/v2.1/servers/{id}/migrations";
    private static final String SERVER_RULE = "os_compute_api:servers:migrations:";
    private static final int MAX_LIMIT = 1000;
    private static final String LIVE_MIGRATION = "live-migration";
    /** The statuses in which Nova shows a live migration under its server. */
    private static final Set<String> LIVE_IN_PROGRESS = Set.of("queued", "preparing", "running", "post-migrating");
    private static final Set<String> FILTERS = Set.of("hidden", "host", "instance_uuid", "source_compute", "status",
            "migration_type");
    private static final Set<String> TRUE = Set.of("1", "t", "true", "on", "y", "yes");

    private final ServerMigrations migrations;
    private final ServerOperations servers;
    private final MicroversionNegotiator versions;
    private final String computeUrl;

    MigrationRoutes(ServerMigrations migrations, ServerOperations servers, MicroversionNegotiator versions,
                    String computeUrl) {
        this.migrations = requireNonNull(migrations, "migrations is null");
        this.servers = requireNonNull(servers, "servers is null");
        this.versions = requireNonNull(versions, "versions is null");
        this.computeUrl = requireNonNull(computeUrl, "computeUrl is null");
    }

    void register(ServiceRoutes routes) {
        routes.get(BASE, "os_compute_api:os-migrations:index", (context, caller) -> index(context));
        routes.get(SERVER_MIGRATIONS, SERVER_RULE + "index", (context, caller) -> {
            Microversion version = since223(context);
            String serverId = servers.servers().get(caller, context.pathParam("id")).id();
            List<Object> live = migrations.list(liveMigrationsOf(serverId)).stream()
                    .filter(migration -> LIVE_IN_PROGRESS.contains(migration.status().wireName()))
                    .map(migration -> (Object) MigrationViews.ofServer(migration, version)).toList();
            Responses.ok(context, Map.of("migrations", live));
        });
        routes.get(SERVER_MIGRATIONS + "/{migration}", SERVER_RULE + "show", (context, caller) -> {
            Microversion version = since223(context);
            String serverId = servers.servers().get(caller, context.pathParam("id")).id();
            String id = context.pathParam("migration");
            Migration migration = integer(id).flatMap(number -> migrations.ofServer(serverId, number))
                    .orElseThrow(() -> ServiceException.notFound(
                            "In-progress live migration %s is not found for server %s.", id, serverId));
            if (!migration.migrationType().equals(LIVE_MIGRATION)) {
                throw ServiceException.notFound("Migration %s for server %s is not live-migration.", id, serverId);
            }
            if (!LIVE_IN_PROGRESS.contains(migration.status().wireName())) {
                throw ServiceException.notFound("Live migration %s for server %s is not in progress.", id, serverId);
            }
            Responses.ok(context, Map.of("migration", MigrationViews.ofServer(migration, version)));
        });
    }

    private void index(Context context) {
        Microversion version = versions.negotiate(context);
        boolean paged = version.atLeast(2, 59);
        NovaListQuery query = new NovaListQuery(context);
        if (paged) {
            Set<String> known = new HashSet<>(FILTERS);
            known.addAll(Set.of("limit", "marker", "changes-since"));
            if (version.atLeast(2, 66)) {
                known.add("changes-before");
            }
            if (version.atLeast(2, 80)) {
                known.addAll(Set.of("user_id", "project_id"));
            }
            query.onlyKnown(known).digits("limit").dateTime("changes-since").dateTime("changes-before");
        }
        MigrationRepository.Filter filter = filter(context, version);
        if (filter.changesSince().isPresent() && filter.changesBefore().isPresent()
                && filter.changesBefore().get().isBefore(filter.changesSince().get())) {
            throw ApiException.badRequest("The value of changes-since must be less than or equal to changes-before.");
        }
        // Stackbox's records are never hidden (Nova hides only the other cell's half of a cross-cell resize).
        boolean hiddenOnly = last(context, "hidden").map(value -> TRUE.contains(value.toLowerCase())).orElse(false);
        Map<String, Object> body = new LinkedHashMap<>();
        if (!paged) {
            List<Migration> found = hiddenOnly ? List.of() : migrations.list(filter);
            body.put("migrations", found.stream().map(migration -> (Object) MigrationViews.listed(migration, version))
                    .toList());
            Responses.ok(context, body);
            return;
        }
        Integer requested = query.limit();
        int limit = requested == null ? MAX_LIMIT : Math.min(requested, MAX_LIMIT);
        List<Migration> found = migrations.page(filter, Optional.ofNullable(context.queryParam("marker")),
                OptionalInt.of(limit));
        if (hiddenOnly) {
            found = List.of();
        }
        body.put("migrations", found.stream().map(migration -> (Object) MigrationViews.listed(migration, version))
                .toList());
        if (limit > 0 && found.size() == limit) {
            body.put("migrations_links", List.of(Map.of("rel", "next", "href",
                    query.nextHref(computeUrl + BASE, found.get(found.size() - 1).uuid()))));
        }
        Responses.ok(context, body);
    }

    /**
     * The filters as Nova reads them (the last value of each): before 2.59 the schema lets any parameter through,
     * and the ones the database knows, {@code user_id} and {@code project_id} among them, filter; the times only
     * from 2.59 ({@code changes-before} from 2.66).
     */
    private static MigrationRepository.Filter filter(Context context, Microversion version) {
        boolean owners = version.atLeast(2, 80) || !version.atLeast(2, 59);
        return new MigrationRepository.Filter(last(context, "status"), last(context, "host"),
                last(context, "source_compute"), last(context, "migration_type"), last(context, "instance_uuid"),
                owners ? last(context, "user_id") : Optional.empty(),
                owners ? last(context, "project_id") : Optional.empty(),
                version.atLeast(2, 59) ? time(context, "changes-since") : Optional.empty(),
                version.atLeast(2, 66) ? time(context, "changes-before") : Optional.empty());
    }

    private static MigrationRepository.Filter liveMigrationsOf(String serverId) {
        MigrationRepository.Filter none = MigrationRepository.Filter.NONE;
        return new MigrationRepository.Filter(none.status(), none.host(), none.sourceCompute(),
                Optional.of(LIVE_MIGRATION), Optional.of(serverId), none.userId(), none.projectId(),
                none.changesSince(), none.changesBefore());
    }

    private static Optional<String> last(Context context, String name) {
        List<String> values = context.queryParams(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }

    private static Optional<Instant> time(Context context, String name) {
        return last(context, name).map(value -> OffsetDateTime.parse(value).toInstant());
    }

    private static Optional<Long> integer(String id) {
        try {
            return Optional.of(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The server migration routes exist from 2.23: before, Nova answers 404 for them. */
    private Microversion since223(Context context) {
        Microversion version = versions.negotiate(context);
        if (!version.atLeast(2, 23)) {
            throw ServiceException.notFound("The resource could not be found.");
        }
        return version;
    }
}
