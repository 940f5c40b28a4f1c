package org.stackbox.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.stackbox.virt.qemu.MarkerBootSector;
import org.stackbox.virt.qemu.RunDirectory;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nova's suspend and resume ({@code os-suspend-server}) with real QEMU: a suspended server's guest state is saved to
 * disk and its QEMU stopped (SUSPENDED, vm_state {@code suspended}, power state 4), it stays so across a restart of
 * Stackbox, and a resume lets the guest go on without booting again; a suspended server's snapshot; Nova's refusals,
 * and the state file removed with the server.
 */
@Timeout(300)
class SuspendServerTest extends InProcessCloudTest {
    private static final String MARKER = "SUSPEND-GUEST-BOOTED";

    @Test
    void aSuspendedServerKeepsItsGuestAcrossARestartAndGoesOnWhenResumed() throws Exception {
        String project = cloud.project("suspending");
        cloud.user("sue", "member", project);
        cloud.user("rhea", "reader", project);
        String other = cloud.project("suspending-other");
        cloud.user("otto", "member", other);
        String token = cloud.tokenOf("sue", project);
        byte[] disk = new byte[1024 * 1024];
        System.arraycopy(MarkerBootSector.printing(MARKER, false), 0, disk, 0, 512);
        String image = cloud.activeImage(token, disk);
        // The guest never shuts down by itself: a stop should not wait a minute for it.
        assertThat(cloud.call("PATCH", "/image/v2/images/" + image, token,
                "[{\"op\": \"add\", \"path\": \"/os_shutdown_timeout\", \"value\": \"1\"}]",
                Map.of("Content-Type", "application/openstack-images-v2.1-json-patch")).statusCode()).isEqualTo(200);
        String server = cloud.activeServer(token, image);
        String path = "/compute/v2.1/servers/" + server;
        awaitConsole(token, server);

        refused(action(cloud.tokenOf("rhea", project), server, "suspend"), 403, "os-suspend-server:suspend");
        refused(action(cloud.tokenOf("otto", other), server, "suspend"), 404, "could not be found");
        refused(action(token, server, "resume"), 409,
                "Cannot 'resume' instance " + server + " while it is in vm_state active");
        assertThat(action(token, server, "suspend").statusCode()).isEqualTo(202);
        cloud.awaitField(path, token, "/server/status", "SUSPENDED");

        assertSuspended(token, server);
        refused(action(token, server, "suspend"), 409,
                "Cannot 'suspend' instance " + server + " while it is in vm_state suspended");
        refused(action(cloud.tokenOf("rhea", project), server, "resume"), 403, "os-suspend-server:resume");
        refused(action(cloud.tokenOf("otto", other), server, "resume"), 404, "could not be found");

        cloud = cloud.restarted();
        token = cloud.tokenOf("sue", project);
        assertSuspended(token, server);

        assertThat(action(token, server, "resume").statusCode()).isEqualTo(202);
        cloud.awaitField(path, token, "/server/status", "ACTIVE");
        JsonNode resumed = ok(cloud.call("GET", path, token, null)).path("server");
        assertThat(resumed.path("OS-EXT-STS:vm_state").asText()).isEqualTo("active");
        assertThat(resumed.path("OS-EXT-STS:power_state").asInt()).isEqualTo(1);
        assertThat(run(server).savedState()).as("removed once the guest runs again").doesNotExist();
        assertThat(run(server).pidFile()).exists();
        assertThat(countMarkers(consoleOutput(token, server))).as("the guest went on, it did not boot again")
                .isEqualTo(1);

        assertThat(action(token, server, "os-stop").statusCode()).isEqualTo(202);
        cloud.awaitField(path, token, "/server/status", "SHUTOFF");
        refused(action(token, server, "suspend"), 409,
                "Cannot 'suspend' instance " + server + " while it is in vm_state stopped");
        assertThat(action(token, server, "os-start").statusCode()).isEqualTo(202);
        cloud.awaitField(path, token, "/server/status", "ACTIVE");
        assertThat(action(token, server, "suspend").statusCode()).isEqualTo(202);
        cloud.awaitField(path, token, "/server/status", "SUSPENDED");
        assertThat(run(server).savedState()).exists();

        HttpResponse<String> snapshot = cloud.call("POST", path + "/action", token,
                "{\"createImage\": {\"name\": \"suspended\"}}", Map.of("OpenStack-API-Version", "compute 2.45"));
        assertThat(snapshot.statusCode()).as(snapshot.body()).isEqualTo(202);
        String snapshotImage = JSON.readTree(snapshot.body()).path("image_id").asText();
        cloud.awaitField("/image/v2/images/" + snapshotImage, token, "/status", "active");
        cloud.awaitField(path, token, "/server/OS-EXT-STS:task_state", "null");
        assertSuspended(token, server);

        cloud.deleteServer(token, server);
        assertThat(run(server).savedState()).doesNotExist();
        assertThat(run(server).path()).doesNotExist();
    }

    /** SUSPENDED as Nova shows it, with the guest's state on disk and no QEMU running. */
    private static void assertSuspended(String token, String server) throws Exception {
        JsonNode shown = ok(cloud.call("GET", "/compute/v2.1/servers/" + server, token, null)).path("server");
        assertThat(shown.path("status").asText()).isEqualTo("SUSPENDED");
        assertThat(shown.path("OS-EXT-STS:vm_state").asText()).isEqualTo("suspended");
        assertThat(shown.path("OS-EXT-STS:power_state").asInt()).isEqualTo(4);
        assertThat(shown.path("OS-EXT-STS:task_state").isNull()).as(shown.toString()).isTrue();
        assertThat(run(server).savedState()).isRegularFile();
        assertThat(run(server).pidFile()).as("no QEMU runs").doesNotExist();
    }

    private static RunDirectory run(String server) {
        return RunDirectory.of(cloud.data().root().resolve("servers").toAbsolutePath(), server);
    }

    private static HttpResponse<String> action(String token, String server, String action) throws Exception {
        return cloud.call("POST", "/compute/v2.1/servers/" + server + "/action", token,
                "{\"" + action + "\": null}");
    }

    private static void awaitConsole(String token, String server) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (countMarkers(consoleOutput(token, server)) == 0) {
            assertThat(System.nanoTime()).as("the guest printed its marker within a minute").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static String consoleOutput(String token, String server) throws Exception {
        return ok(cloud.call("POST", "/compute/v2.1/servers/" + server + "/action", token,
                "{\"os-getConsoleOutput\": {}}")).path("output").asText();
    }

    private static int countMarkers(String text) {
        int count = 0;
        for (int index = text.indexOf(MARKER); index >= 0; index = text.indexOf(MARKER, index + 1)) {
            count++;
        }
        return count;
    }
}
