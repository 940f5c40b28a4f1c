package org.stackbox.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an administrator decides for projects, through the official clients: compute quotas (Nova's defaults, a
 * project's limit, a member refused beyond it without a server left behind, the limit taken back) and flavor access
 * (a private flavor seen and used only by the projects given it), the one host, and the usage audit's log.
 */
@Timeout(300)
class ComputeAdministrationClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();

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
        Map<String, String> member = projectMember("quota-demo", "quota-user", "quota-secret");
        String project = projectId("quota-demo");

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

    @Test
    void aPrivateFlavorIsSeenAndUsedOnlyByTheProjectsGivenIt() throws Exception {
        Map<String, String> admin = cloud.admin();
        Map<String, String> member = projectMember("flavor-demo", "flavor-user", "flavor-secret");
        Map<String, String> outsider = projectMember("flavor-other", "other-user", "other-secret");
        String project = projectId("flavor-demo");
        cloud.run(admin, "openstack", "flavor", "create", "--private", "--ram", "64", "--vcpus", "1", "--disk", "1",
                "--id", "private-1", "private-one").requireSuccess();
        assertThat(cloud.run(member, "openstack", "flavor", "list", "-f", "value", "-c", "Name").requireSuccess()
                .stdout()).doesNotContain("private-one");
        assertThat(cloud.run(member, "openstack", "flavor", "show", "private-1").exitCode()).isNotZero();

        cloud.run(admin, "openstack", "flavor", "set", "--project", project, "private-1").requireSuccess();
        assertThat(cloud.run(admin, "nova", "flavor-access-list", "--flavor", "private-1").requireSuccess().stdout())
                .contains(project);
        assertThat(cloud.run(member, "openstack", "flavor", "list", "-f", "value", "-c", "Name").requireSuccess()
                .stdout()).contains("private-one");
        assertThat(cloud.run(member, "openstack", "flavor", "show", "private-1", "-f", "value", "-c", "name")
                .requireSuccess().stdout().strip()).isEqualTo("private-one");
        assertThat(cloud.run(outsider, "openstack", "flavor", "list", "-f", "value", "-c", "Name").requireSuccess()
                .stdout()).doesNotContain("private-one");
        Cli.Result again = cloud.run(admin, "nova", "flavor-access-add", "private-1", project);
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.stderr()).contains("Flavor access already exists for flavor private-1 and project " + project
                + " combination. (HTTP 409)");
        Cli.Result notAdmin = cloud.run(member, "nova", "flavor-access-add", "private-1", project);
        assertThat(notAdmin.exitCode()).isNotZero();

        cloud.run(admin, "openstack", "flavor", "unset", "--project", project, "private-1").requireSuccess();
        assertThat(cloud.run(member, "openstack", "flavor", "list", "-f", "value", "-c", "Name").requireSuccess()
                .stdout()).doesNotContain("private-one");
        Http.Response publicList = cloud.api("GET", "/compute/v2.1/flavors/1/os-flavor-access", null);
        assertThat(publicList.status()).isEqualTo(404);
        assertThat(publicList.body()).contains("Access list not available for public flavors.");
    }

    @Test
    void theOperatorSeesThisHostAsItsOneHypervisorAndComputeService() throws Exception {
        Map<String, String> admin = cloud.admin();
        JsonNode hypervisors = JSON.readTree(cloud.run(admin, "openstack", "hypervisor", "list", "--long", "-f",
                "json").requireSuccess().stdout());
        assertThat(hypervisors).hasSize(1);
        assertThat(hypervisors.get(0).path("Hypervisor Hostname").asText()).isEqualTo("stackbox");
        assertThat(hypervisors.get(0).path("Hypervisor Type").asText()).isIn("QEMU", "KVM");
        assertThat(hypervisors.get(0).path("State").asText()).isEqualTo("up");
        JsonNode statistics = JSON.readTree(cloud.run(admin, "openstack", "hypervisor", "stats", "show", "-f", "json")
                .requireSuccess().stdout());
        assertThat(statistics.path("count").asInt()).isEqualTo(1);
        assertThat(statistics.path("vcpus").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        JsonNode services = JSON.readTree(cloud.run(admin, "openstack", "compute", "service", "list", "-f", "json")
                .requireSuccess().stdout());
        assertThat(services).hasSize(1);
        assertThat(services.get(0).path("Binary").asText()).isEqualTo("nova-compute");
        assertThat(services.get(0).path("Host").asText()).isEqualTo("stackbox");
        assertThat(services.get(0).path("State").asText()).isEqualTo("up");

        Map<String, String> member = projectMember("host-demo", "host-user", "host-secret");
        Cli.Result refused = cloud.run(member, "openstack", "hypervisor", "list");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("Policy doesn't allow os_compute_api:os-hypervisors:list-detail to be performed.");
    }

    @Test
    void theOperatorReadsTheUsageAuditThatRanAtStart() throws Exception {
        Map<String, String> admin = cloud.admin();
        LocalDate thisMonth = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1);
        String shown = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!shown.contains("ALL hosts done.") && System.nanoTime() < deadline) {
            shown = cloud.run(admin, "nova", "instance-usage-audit-log").requireSuccess().stdout();
        }
        assertThat(shown).contains("ALL hosts done. 0 errors.", thisMonth + " 00:00:00",
                thisMonth.minusMonths(1) + " 00:00:00", "Instance usage audit ran for host stackbox");
        assertThat(shown).containsPattern("\\|\\s+num_hosts_done\\s+\\|\\s+1\\s+\\|");

        String before = thisMonth.minusMonths(1) + " 12:30:00.5";
        String earlier = cloud.run(admin, "nova", "instance-usage-audit-log", "--before", before).requireSuccess()
                .stdout();
        assertThat(earlier).contains("0 of 1 hosts done. 0 errors.", "['stackbox']",
                thisMonth.minusMonths(2) + " 00:00:00");

        Cli.Result notDate = cloud.run(admin, "nova", "instance-usage-audit-log", "--before", "yesterday");
        assertThat(notDate.exitCode()).isNotZero();
        assertThat(notDate.stderr()).contains("Invalid timestamp for date yesterday");
        Map<String, String> member = projectMember("audit-demo", "audit-user", "audit-secret");
        Cli.Result refused = cloud.run(member, "nova", "instance-usage-audit-log");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr())
                .contains("Policy doesn't allow os_compute_api:os-instance-usage-audit-log:list to be performed.");
    }

    private static Map<String, String> projectMember(String project, String user, String password) throws Exception {
        Map<String, String> admin = cloud.admin();
        cloud.run(admin, "openstack", "project", "create", project).requireSuccess();
        cloud.run(admin, "openstack", "user", "create", "--password", password, "--project", project, user)
                .requireSuccess();
        cloud.run(admin, "openstack", "role", "add", "--project", project, "--user", user, "member").requireSuccess();
        Map<String, String> member = new HashMap<>(admin);
        member.put("OS_USERNAME", user);
        member.put("OS_PASSWORD", password);
        member.put("OS_PROJECT_NAME", project);
        return member;
    }

    private static String projectId(String name) throws Exception {
        return cloud.run(cloud.admin(), "openstack", "project", "show", name, "-f", "value", "-c", "id")
                .requireSuccess().stdout().strip();
    }
}
