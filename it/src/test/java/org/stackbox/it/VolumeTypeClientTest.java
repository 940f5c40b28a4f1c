package org.stackbox.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Volume types through the official clients: {@code openstack volume type create|list|show|set|unset|delete} with
 * properties and private types shared with a project, {@code cinder type-key}, and volumes created with a type.
 */
@Timeout(600)
class VolumeTypeClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private static StackboxProcess stackbox;
    private static Map<String, String> admin;
    private static Map<String, String> alice;
    private static Path home;

    @BeforeAll
    static void start() throws Exception {
        stackbox = StackboxProcess.start(work.resolve("data"));
        admin = stackbox.adminEnvironment();
        home = Files.createDirectories(work.resolve("home"));
        run(admin, "openstack", "project", "create", "demo").requireSuccess();
        run(admin, "openstack", "user", "create", "--password", "secret", "--project", "demo", "alice").requireSuccess();
        run(admin, "openstack", "role", "add", "--project", "demo", "--user", "alice", "member").requireSuccess();
        alice = new HashMap<>(admin);
        alice.putAll(Map.of("OS_USERNAME", "alice", "OS_PASSWORD", "secret", "OS_PROJECT_NAME", "demo"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (stackbox != null) {
            stackbox.close();
        }
    }

    @Test
    void anAdministratorManagesTypesAndAMemberCreatesVolumesWithThem() throws Exception {
        JsonNode gold = json(admin, "openstack", "volume", "type", "create", "--description", "fast",
                "--property", "volume_backend_name=local", "gold", "-f", "json");
        assertThat(gold.path("name").asText()).isEqualTo("gold");
        assertThat(gold.path("description").asText()).isEqualTo("fast");
        assertThat(gold.path("properties").toString()).contains("volume_backend_name");
        String goldId = gold.path("id").asText();

        run(admin, "cinder", "type-key", "gold", "set", "replication_enabled=<is> False").requireSuccess();
        assertThat(run(admin, "cinder", "extra-specs-list").requireSuccess().stdout())
                .contains("gold").contains("replication_enabled");
        run(admin, "cinder", "type-key", "gold", "unset", "replication_enabled").requireSuccess();

        run(admin, "openstack", "volume", "type", "set", "--property", "tier=1", "--name", "platinum", goldId)
                .requireSuccess();
        JsonNode shown = json(admin, "openstack", "volume", "type", "show", "platinum", "-f", "json");
        assertThat(shown.path("id").asText()).isEqualTo(goldId);
        assertThat(shown.path("properties").toString()).contains("tier").doesNotContain("replication_enabled");
        run(admin, "openstack", "volume", "type", "unset", "--property", "tier", "platinum").requireSuccess();
        assertThat(json(admin, "openstack", "volume", "type", "show", goldId, "-f", "json").path("properties").toString())
                .doesNotContain("tier");

        assertThat(run(alice, "openstack", "volume", "type", "create", "mine").exitCode()).isNotZero();
        assertThat(names(json(alice, "openstack", "volume", "type", "list", "-f", "json")))
                .contains("platinum", "__DEFAULT__");

        JsonNode volume = json(alice, "openstack", "volume", "create", "--size", "1", "--type", "platinum", "typed",
                "-f", "json");
        assertThat(volume.path("type").asText()).isEqualTo("platinum");
        String volumeId = volume.path("id").asText();
        awaitStatus(volumeId, "available");
        Cli.Result inUse = run(admin, "openstack", "volume", "type", "delete", "platinum");
        assertThat(inUse.exitCode()).as(inUse.stdout() + inUse.stderr()).isNotZero();

        run(alice, "openstack", "volume", "delete", volumeId).requireSuccess();
        awaitGone(volumeId);
        run(admin, "openstack", "volume", "type", "delete", "platinum").requireSuccess();
        assertThat(names(json(admin, "openstack", "volume", "type", "list", "-f", "json"))).doesNotContain("platinum");
    }

    @Test
    void aPrivateTypeIsSharedWithAProject() throws Exception {
        JsonNode secret = json(admin, "openstack", "volume", "type", "create", "--private", "--project", "demo",
                "secret", "-f", "json");
        String id = secret.path("id").asText();
        assertThat(names(json(alice, "openstack", "volume", "type", "list", "-f", "json"))).contains("secret");
        JsonNode shown = json(admin, "openstack", "volume", "type", "show", id, "-f", "json");
        assertThat(shown.path("is_public").asBoolean(true)).isFalse();
        assertThat(shown.path("access_project_ids").toString()).isNotEqualTo("\"\"").isNotEqualTo("null");

        run(admin, "openstack", "volume", "type", "unset", "--project", "demo", id).requireSuccess();
        assertThat(names(json(alice, "openstack", "volume", "type", "list", "-f", "json"))).doesNotContain("secret");
        Cli.Result refused = run(alice, "openstack", "volume", "create", "--size", "1", "--type", "secret", "hidden");
        assertThat(refused.exitCode()).isNotZero();
        run(admin, "openstack", "volume", "type", "delete", id).requireSuccess();
    }

    @Test
    void qosSpecsAreAssociatedWithAType() throws Exception {
        JsonNode limited = json(admin, "openstack", "volume", "qos", "create", "--consumer", "front-end",
                "--property", "read_iops_sec=100", "limited", "-f", "json");
        assertThat(limited.path("consumer").asText()).isEqualTo("front-end");
        assertThat(limited.path("properties").toString()).contains("read_iops_sec");
        String type = json(admin, "openstack", "volume", "type", "create", "bronze", "-f", "json").path("id").asText();
        run(admin, "openstack", "volume", "qos", "associate", "limited", "bronze").requireSuccess();
        assertThat(json(admin, "openstack", "volume", "qos", "show", "limited", "-f", "json").path("associations")
                .toString()).contains("bronze");
        run(admin, "openstack", "volume", "qos", "set", "--property", "write_iops_sec=50", "limited").requireSuccess();
        assertThat(json(admin, "openstack", "volume", "qos", "show", "limited", "-f", "json").path("properties")
                .toString()).contains("write_iops_sec");
        assertThat(run(admin, "openstack", "volume", "qos", "delete", "limited").exitCode()).as("still associated")
                .isNotZero();
        run(admin, "openstack", "volume", "qos", "disassociate", "--volume-type", "bronze", "limited").requireSuccess();
        run(admin, "openstack", "volume", "qos", "delete", "limited").requireSuccess();
        run(admin, "openstack", "volume", "type", "delete", type).requireSuccess();
    }

    private static Cli.Result run(Map<String, String> environment, String... command) throws Exception {
        return Cli.run(environment, home, command);
    }

    private static JsonNode json(Map<String, String> environment, String... command) throws Exception {
        return JSON.readTree(run(environment, command).requireSuccess().stdout());
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(type -> names.add(type.path("Name").asText()));
        return names;
    }

    private static void awaitStatus(String id, String wanted) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (!json(admin, "openstack", "volume", "show", "-f", "json", id).path("status").asText().equals(wanted)) {
            assertThat(Instant.now()).as("volume %s not %s", id, wanted).isBefore(deadline);
            Thread.sleep(500);
        }
    }

    private static void awaitGone(String id) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (run(admin, "openstack", "volume", "show", id).exitCode() == 0) {
            assertThat(Instant.now()).as("volume %s still there", id).isBefore(deadline);
            Thread.sleep(500);
        }
    }
}
