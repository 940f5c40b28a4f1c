package org.stackbox.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.stackbox.virt.qemu.RunDirectory;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nova's changePassword with real QEMU, up to the guest: its refusals (a reader, another project, a bad body, a guest
 * without the agent, an agent that does not answer, a stopped server), each leaving the server at rest and recorded
 * as the instance action {@code changePassword} with its failed event. The password reaching a guest's agent is in
 * the it module's {@code ChangePasswordGuestTest}.
 */
@Timeout(300)
class ChangePasswordTest extends InProcessCloudTest {
    @Test
    void aGuestWithoutTheAgentIsRefusedAndTheRefusalRecorded() throws Exception {
        String project = cloud.project("passwords");
        cloud.user("pam", "member", project);
        cloud.user("rex", "reader", project);
        String other = cloud.project("passwords-other");
        cloud.user("oz", "member", other);
        String token = cloud.tokenOf("pam", project);
        String server = cloud.activeServer(token, cloud.activeImage(token));
        assertThat(run(server).guestAgentSocket()).as("no agent channel without hw_qemu_guest_agent").doesNotExist();

        refused(changePassword(cloud.tokenOf("rex", project), server, "\"s3cret\""), 403, "os-admin-password");
        refused(changePassword(cloud.tokenOf("oz", other), server, "\"s3cret\""), 404,
                "Instance " + server + " could not be found.");
        refused(changePassword(token, server, "5"), 400,
                "Invalid input for field/attribute adminPass. Value: 5. 5 is not of type 'string'");
        refused(changePassword(token, server, "\"s3cret\""), 409, "QEMU guest agent is not enabled");
        assertAtRest(token, server, "ACTIVE");

        JsonNode actions = ok(cloud.call("GET", "/compute/v2.1/servers/" + server + "/os-instance-actions", token,
                null)).path("instanceActions");
        JsonNode changes = null;
        for (JsonNode action : actions) {
            if (action.path("action").asText().equals("changePassword")) {
                assertThat(changes).as("one attempt went as far as the compute host").isNull();
                changes = action;
            }
        }
        assertThat(changes).as(actions.toString()).isNotNull();
        JsonNode shown = ok(cloud.call("GET", "/compute/v2.1/servers/" + server + "/os-instance-actions/"
                + changes.path("request_id").asText(), cloud.admin(), null)).path("instanceAction");
        assertThat(shown.at("/events/0/event").asText()).isEqualTo("compute_set_admin_password");
        assertThat(shown.at("/events/0/result").asText()).isEqualTo("Error");
        assertThat(shown.toString()).doesNotContain("s3cret");

        assertThat(action(token, server, "{\"os-stop\": null}").statusCode()).isEqualTo(202);
        cloud.awaitField("/compute/v2.1/servers/" + server, token, "/server/status", "SHUTOFF");
        refused(changePassword(token, server, "\"s3cret\""), 409,
                "Cannot 'changePassword' instance " + server + " while it is in vm_state stopped");
        cloud.deleteServer(token, server);
    }

    @Test
    void aGuestWhoseAgentDoesNotAnswerIsNovasNotImplemented() throws Exception {
        String project = cloud.project("silent-agent");
        cloud.user("sid", "member", project);
        String token = cloud.tokenOf("sid", project);
        String image = cloud.activeImage(token);
        // The guest gets the agent's channel, but nothing in it runs an agent.
        assertThat(cloud.call("PATCH", "/image/v2/images/" + image, token,
                "[{\"op\": \"add\", \"path\": \"/hw_qemu_guest_agent\", \"value\": \"yes\"}]",
                Map.of("Content-Type", "application/openstack-images-v2.1-json-patch")).statusCode()).isEqualTo(200);
        String server = cloud.activeServer(token, image);
        assertThat(run(server).guestAgentSocket()).as("QEMU listens on the agent's channel").exists();

        refused(changePassword(token, server, "\"s3cret\""), 501, "Unable to set password on instance");
        assertAtRest(token, server, "ACTIVE");
        cloud.deleteServer(token, server);
    }

    private static void assertAtRest(String token, String server, String status) throws Exception {
        JsonNode shown = ok(cloud.call("GET", "/compute/v2.1/servers/" + server, token, null)).path("server");
        assertThat(shown.path("status").asText()).isEqualTo(status);
        assertThat(shown.path("OS-EXT-STS:task_state").isNull()).as(shown.toString()).isTrue();
    }

    private static RunDirectory run(String server) {
        return RunDirectory.of(cloud.data().root().resolve("servers").toAbsolutePath(), server);
    }

    private static HttpResponse<String> changePassword(String token, String server, String password)
            throws Exception {
        return action(token, server, "{\"changePassword\": {\"adminPass\": " + password + "}}");
    }

    private static HttpResponse<String> action(String token, String server, String body) throws Exception {
        return cloud.call("POST", "/compute/v2.1/servers/" + server + "/action", token, body);
    }
}
