package org.stackbox.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nova's migration records of real resizes, as {@code os-migrations} lists them: finished while the server waits in
 * VERIFY_RESIZE, then confirmed or reverted; the filters, the fields of each microversion, paging from 2.59, a
 * server's (live) migrations from 2.23, and the refusals.
 */
@Timeout(600)
class ServerMigrationsTest extends InProcessCloudTest {
    private static final String LIST = "/compute/v2.1/os-migrations";

    @Test
    void eachResizeIsRecordedFromItsStartToItsConfirmationOrRevert() throws Exception {
        String project = cloud.project("migrations");
        String userId = cloud.user("mona", "member", project);
        String token = cloud.tokenOf("mona", project);
        String image = cloud.activeImage(token);
        String server = cloud.activeServer(token, image);
        String ofServer = LIST + "?instance_uuid=" + server;

        resize(token, server);
        JsonNode reverting = single(ofServer, "2.1");
        assertThat(reverting.path("status").asText()).isEqualTo("finished");
        assertThat(fieldNames(reverting)).containsExactlyInAnyOrder("id", "instance_uuid", "status", "source_compute",
                "source_node", "dest_compute", "dest_node", "dest_host", "old_instance_type_id",
                "new_instance_type_id", "created_at", "updated_at");
        assertThat(reverting.path("instance_uuid").asText()).isEqualTo(server);
        assertThat(reverting.path("old_instance_type_id").asInt()).isEqualTo(1);
        assertThat(reverting.path("new_instance_type_id").asInt()).isEqualTo(2);
        assertThat(reverting.path("source_compute").asText()).isEqualTo("stackbox");
        assertThat(reverting.path("dest_node").asText()).isEqualTo("stackbox");
        assertThat(reverting.path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}");
        assertThat(reverting.path("updated_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}");
        action(token, server, "{\"revertResize\": null}");
        cloud.awaitField("/compute/v2.1/servers/" + server, token, "/server/status", "ACTIVE");
        awaitStatus(ofServer, reverting.path("id").asLong(), "reverted");

        resize(token, server);
        JsonNode confirming = single(ofServer + "&status=finished", "2.23");
        assertThat(confirming.path("id").asLong()).isGreaterThan(reverting.path("id").asLong());
        assertThat(confirming.path("migration_type").asText()).isEqualTo("resize");
        assertThat(confirming.has("links")).as("links only for live migrations in progress").isFalse();
        assertThat(confirming.has("uuid")).isFalse();
        action(token, server, "{\"confirmResize\": null}");
        cloud.awaitField("/compute/v2.1/servers/" + server, token, "/server/status", "ACTIVE");
        awaitStatus(ofServer, confirming.path("id").asLong(), "confirmed");

        assertThat(migrationIds(ofServer, "2.1")).containsExactly(reverting.path("id").asText(), confirming.path("id").asText());
        assertThat(migrationIds(ofServer + "&status=reverted", "2.1")).containsExactly(reverting.path("id").asText());
        assertThat(migrationIds(ofServer + "&host=stackbox&migration_type=resize", "2.1")).hasSize(2);
        assertThat(migrationIds(ofServer + "&source_compute=elsewhere", "2.1")).isEmpty();
        assertThat(migrationIds(ofServer + "&host=elsewhere", "2.1")).isEmpty();
        assertThat(migrationIds(ofServer + "&migration_type=live-migration", "2.1")).isEmpty();
        assertThat(migrationIds(ofServer + "&hidden=true", "2.1")).isEmpty();
        assertThat(migrationIds(ofServer + "&project_id=" + project + "&unknown=ignored", "2.1"))
                .as("before 2.59 any parameter passes, and the database's filters apply").hasSize(2);

        JsonNode owned = single(ofServer + "&status=confirmed&user_id=" + userId, "2.80");
        assertThat(owned.path("user_id").asText()).isEqualTo(userId);
        assertThat(owned.path("project_id").asText()).isEqualTo(project);
        assertThat(owned.path("uuid").asText()).hasSize(36);
        assertThat(migrationIds(ofServer + "&project_id=someone-else", "2.80")).isEmpty();

        Map<String, String> paged = version("2.59");
        JsonNode first = ok(cloud.call("GET", ofServer + "&limit=1", cloud.admin(), null, paged));
        assertThat(first.at("/migrations/0/id").asLong()).as("newest first").isEqualTo(confirming.path("id").asLong());
        String marker = first.at("/migrations/0/uuid").asText();
        assertThat(first.at("/migrations_links/0/rel").asText()).isEqualTo("next");
        assertThat(first.at("/migrations_links/0/href").asText()).contains("/compute/v2.1/os-migrations?")
                .contains("marker=" + marker).contains("limit=1");
        JsonNode second = ok(cloud.call("GET", ofServer + "&marker=" + marker, cloud.admin(), null, paged));
        assertThat(second.path("migrations")).hasSize(1);
        assertThat(second.at("/migrations/0/id").asLong()).isEqualTo(reverting.path("id").asLong());
        assertThat(second.has("migrations_links")).as("fewer than the limit: no next page").isFalse();
        assertThat(ok(cloud.call("GET", ofServer + "&limit=0", cloud.admin(), null, paged)).path("migrations"))
                .isEmpty();
        assertThat(ok(cloud.call("GET", ofServer + "&changes-since=2999-01-01T00:00:00Z", cloud.admin(), null,
                paged)).path("migrations")).isEmpty();
        assertThat(ok(cloud.call("GET", ofServer + "&changes-since=2000-01-01T00:00:00Z", cloud.admin(), null,
                paged)).path("migrations")).hasSize(2);
        assertThat(ok(cloud.call("GET", ofServer + "&changes-before=2000-01-01T00:00:00Z", cloud.admin(), null,
                version("2.66"))).path("migrations")).isEmpty();

        refused(cloud.call("GET", LIST + "?marker=5b1f0e3a-0000-4000-8000-000000000000", cloud.admin(), null, paged),
                400, "Marker 5b1f0e3a-0000-4000-8000-000000000000 could not be found.");
        refused(cloud.call("GET", LIST + "?limit=-1", cloud.admin(), null, paged), 400,
                "Invalid input for query parameters limit");
        refused(cloud.call("GET", LIST + "?changes-since=yesterday", cloud.admin(), null, paged), 400,
                "Invalid input for query parameters changes-since");
        refused(cloud.call("GET", LIST + "?user_id=" + userId, cloud.admin(), null, paged), 400,
                "Additional properties are not allowed");
        refused(cloud.call("GET", LIST + "?changes-since=2020-01-02T00:00:00Z&changes-before=2020-01-01T00:00:00Z",
                cloud.admin(), null, version("2.66")), 400,
                "The value of changes-since must be less than or equal to changes-before.");
        refused(cloud.call("GET", LIST, token, null), 403, "os_compute_api:os-migrations:index");

        String serverMigrations = "/compute/v2.1/servers/" + server + "/migrations";
        assertThat(ok(cloud.call("GET", serverMigrations, cloud.admin(), null, version("2.23"))).path("migrations"))
                .as("no live migration in progress").isEmpty();
        refused(cloud.call("GET", serverMigrations, cloud.admin(), null), 404, "could not be found");
        refused(cloud.call("GET", serverMigrations + "/" + confirming.path("id").asText(), cloud.admin(), null,
                version("2.23")), 404, "is not live-migration");
        refused(cloud.call("GET", serverMigrations + "/999999", cloud.admin(), null, version("2.23")), 404,
                "In-progress live migration 999999 is not found for server " + server);
        refused(cloud.call("GET", serverMigrations, token, null, version("2.23")), 403,
                "os_compute_api:servers:migrations:index");
        cloud.deleteServer(token, server);
    }

    @Test
    void aServerDeletedWhileItsResizeWaitsHasItConfirmed() throws Exception {
        String project = cloud.project("migrations-deleted");
        cloud.user("dora", "member", project);
        String token = cloud.tokenOf("dora", project);
        String server = cloud.activeServer(token, cloud.activeImage(token));
        resize(token, server);
        long id = single(LIST + "?instance_uuid=" + server, "2.1").path("id").asLong();
        cloud.deleteServer(token, server);
        awaitStatus(LIST + "?instance_uuid=" + server, id, "confirmed");
    }

    private static void resize(String token, String server) throws Exception {
        action(token, server, "{\"resize\": {\"flavorRef\": \"2\"}}");
        cloud.awaitField("/compute/v2.1/servers/" + server, token, "/server/status", "VERIFY_RESIZE");
    }

    private static void action(String token, String server, String body) throws Exception {
        HttpResponse<String> response = cloud.call("POST", "/compute/v2.1/servers/" + server + "/action", token, body);
        assertThat(response.statusCode()).as(response.body()).isIn(202, 204);
    }

    /** The one migration record the administrator's list at {@code microversion} shows. */
    private static JsonNode single(String path, String microversion) throws Exception {
        JsonNode migrations = ok(cloud.call("GET", path, cloud.admin(), null, version(microversion)))
                .path("migrations");
        assertThat(migrations).as(path).hasSize(1);
        return migrations.get(0);
    }

    private static List<String> migrationIds(String path, String microversion) throws Exception {
        JsonNode migrations = ok(cloud.call("GET", path, cloud.admin(), null, version(microversion)))
                .path("migrations");
        return java.util.stream.StreamSupport.stream(migrations.spliterator(), false)
                .map(migration -> migration.path("id").asText()).toList();
    }

    /** Waits (up to two minutes) until the record {@code id} listed at {@code path} has {@code status}. */
    private static void awaitStatus(String path, long id, String status) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(2).toNanos();
        String last = "";
        while (!status.equals(last)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("migration " + id + " is " + last + ", not " + status);
            }
            for (JsonNode migration : ok(cloud.call("GET", path, cloud.admin(), null)).path("migrations")) {
                if (migration.path("id").asLong() == id) {
                    last = migration.path("status").asText();
                }
            }
            Thread.sleep(100);
        }
    }

    private static Map<String, String> version(String microversion) {
        return Map.of("OpenStack-API-Version", "compute " + microversion);
    }
}
