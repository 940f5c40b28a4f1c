package org.stackbox.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compute quotas through the official clients: Nova's defaults, an administrator's limit for a project, a member
 * of that project refused beyond it (without a server left behind), and the limit taken back.
 */
@Timeout(300)
class ComputeQuotaClientTest {
    @TempDir
    static Path work;

    private static CloudUnderTest cloud;

    @BeforeAll
    static void start() throws Exception {
        cloud = CloudUnderTest.start(work);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void anAdministratorsLimitHoldsForTheProjectAndIsTakenBack() throws Exception {
        Map<String, String> admin = cloud.admin();
        cloud.run(admin, "openstack", "project", "create", "quota-demo").requireSuccess();
        cloud.run(admin, "openstack", "user", "create", "--password", "quota-secret", "--project", "quota-demo",
                "quota-user").requireSuccess();
        cloud.run(admin, "openstack", "role", "add", "--project", "quota-demo", "--user", "quota-user", "member")
                .requireSuccess();
        String project = cloud.run(admin, "openstack", "project", "show", "quota-demo", "-f", "value", "-c", "id")
                .requireSuccess().stdout().strip();
        Map<String, String> member = new HashMap<>(admin);
        member.put("OS_USERNAME", "quota-user");
        member.put("OS_PASSWORD", "quota-secret");
        member.put("OS_PROJECT_NAME", "quota-demo");

        assertThat(cloud.run(admin, "nova", "quota-defaults").requireSuccess().stdout())
                .containsPattern("\\| instances +\\| 10 +\\|").containsPattern("\\| cores +\\| 20 +\\|");
        cloud.run(admin, "nova", "quota-update", "--instances", "0", "--cores", "4", project).requireSuccess();
        String shown = cloud.run(member, "nova", "quota-show").requireSuccess().stdout();
        assertThat(shown).containsPattern("\\| instances +\\| 0 +\\|").containsPattern("\\| cores +\\| 4 +\\|");

        // The quota is checked before the image: a refused request needs no image of its own.
        Http.Response refused = Http.send("POST", cloud.url() + "/compute/v2.1/servers",
                Http.token(cloud.url() + "/identity", "quota-user", "quota-secret", "quota-demo"), null,
                "{\"server\": {\"name\": \"over\", \"flavorRef\": \"1\", \"imageRef\": "
                        + "\"00000000-0000-0000-0000-000000000000\", \"networks\": \"auto\"}}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("Quota exceeded for instances: Requested 1, but already used 0 of 0 "
                + "instances");
        assertThat(cloud.run(member, "openstack", "server", "list", "-f", "value").requireSuccess().stdout()).isBlank();
        assertThat(cloud.run(member, "openstack", "port", "list", "-f", "value").requireSuccess().stdout())
                .as("no port was allocated for the refused server").isBlank();

        Cli.Result notAdmin = cloud.run(member, "nova", "quota-update", "--instances", "50", project);
        assertThat(notAdmin.exitCode()).isNotZero();
        assertThat(notAdmin.stderr()).contains("Policy doesn't allow os_compute_api:os-quota-sets:update to be "
                + "performed. (HTTP 403)");

        cloud.run(admin, "nova", "quota-delete", "--tenant", project).requireSuccess();
        assertThat(cloud.run(member, "nova", "quota-show").requireSuccess().stdout())
                .containsPattern("\\| instances +\\| 10 +\\|");
    }
}
