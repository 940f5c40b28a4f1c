package org.stackbox.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Security groups through the official clients: groups and rules with {@code openstack security group}, what Neutron
 * refuses, ports' groups, and servers made in a group and moved between groups with Nova's actions.
 */
@Timeout(600)
class SecurityGroupClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FLAVOR = "cirros256";

    @TempDir
    static Path work;

    private static CloudUnderTest cloud;
    private static Map<String, String> admin;

    @BeforeAll
    static void start() throws Exception {
        cloud = CloudUnderTest.start(work);
        admin = cloud.admin();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void groupsAndRulesWithTheOfficialClients() throws Exception {
        JsonNode listed = json(run("openstack", "security", "group", "list", "-f", "json"));
        assertThat(names(listed)).contains("default");
        JsonNode web = json(run("openstack", "security", "group", "create", "--description", "front", "web",
                "-f", "json"));
        String webId = web.path("id").asText();
        JsonNode rules = json(run("openstack", "security", "group", "rule", "list", "web", "-f", "json"));
        assertThat(rules).hasSize(2);
        rules.forEach(rule -> assertThat(rule.path("Direction").asText()).isEqualTo("egress"));

        JsonNode http = json(run("openstack", "security", "group", "rule", "create", "--protocol", "tcp",
                "--dst-port", "80:80", "--remote-ip", "10.0.0.0/8", "web", "-f", "json"));
        assertThat(http.path("port_range_min").asInt()).isEqualTo(80);
        assertThat(http.path("remote_ip_prefix").asText()).isEqualTo("10.0.0.0/8");
        assertThat(http.path("direction").asText()).isEqualTo("ingress");
        run("openstack", "security", "group", "create", "db").requireSuccess();
        JsonNode fromWeb = json(run("openstack", "security", "group", "rule", "create", "--protocol", "tcp",
                "--dst-port", "5432", "--remote-group", "web", "db", "-f", "json"));
        assertThat(fromWeb.path("remote_group_id").asText()).isEqualTo(webId);
        JsonNode ping = json(run("openstack", "security", "group", "rule", "create", "--protocol", "icmp",
                "--icmp-type", "8", "--ethertype", "IPv4", "web", "-f", "json"));
        assertThat(ping.path("protocol").asText()).isEqualTo("icmp");
        assertThat(json(run("openstack", "security", "group", "show", "web", "-f", "json")).path("rules").toString())
                .contains("10.0.0.0/8");

        // Neutron's refusals, through the client, and nothing made by them.
        // openstackclient refuses a backwards range itself; Neutron's answer to one sent anyway:
        Cli.Result backwards = cloud.run(admin, "openstack", "security", "group", "rule", "create", "--protocol",
                "tcp", "--dst-port", "90:80", "web");
        assertThat(backwards.exitCode()).isNotZero();
        Http.Response sent = cloud.api("POST", "/network/v2.0/security-group-rules", ("{\"security_group_rule\": "
                + "{\"security_group_id\": \"%s\", \"direction\": \"ingress\", \"protocol\": \"tcp\", "
                + "\"port_range_min\": 90, \"port_range_max\": 80}}").formatted(webId));
        assertThat(sent.status()).isEqualTo(400);
        assertThat(sent.json().path("NeutronError").path("message").asText())
                .isEqualTo("For TCP/UDP protocols, port_range_min must be <= port_range_max");
        Cli.Result twice = cloud.run(admin, "openstack", "security", "group", "rule", "create", "--protocol", "tcp",
                "--dst-port", "80", "--remote-ip", "10.0.0.0/8", "web");
        assertThat(twice.exitCode()).isNotZero();
        assertThat(twice.stderr()).contains("Security group rule already exists. Rule id is " + http.path("id").asText());
        Cli.Result named = cloud.run(admin, "openstack", "security", "group", "create", "default");
        assertThat(named.exitCode()).isNotZero();
        assertThat(named.stderr()).contains("Default security group already exists.");
        Cli.Result conflicting = cloud.run(admin, "openstack", "security", "group", "rule", "create", "--ethertype",
                "IPv6", "--remote-ip", "10.0.0.0/8", "web");
        assertThat(conflicting.exitCode()).isNotZero();
        assertThat(conflicting.stderr()).contains("Conflicting value ethertype IPv6 for CIDR 10.0.0.0/8");
        assertThat(json(run("openstack", "security", "group", "rule", "list", "web", "-f", "json"))).hasSize(4);

        // A port in a group: the group is in use until the port goes.
        JsonNode port = json(run("openstack", "port", "create", "--network", "private", "--security-group", "db",
                "--allowed-address", "ip-address=169.254.169.200", "db-port", "-f", "json"));
        assertThat(port.path("security_group_ids").toString()).contains(
                json(run("openstack", "security", "group", "show", "db", "-f", "json")).path("id").asText());
        assertThat(port.path("port_security_enabled").asBoolean()).isTrue();
        assertThat(port.path("allowed_address_pairs").toString()).contains("169.254.169.200");
        Cli.Result inUse = cloud.run(admin, "openstack", "security", "group", "delete", "db");
        assertThat(inUse.exitCode()).isNotZero();
        assertThat(inUse.stderr()).contains("in use");
        Cli.Result stillGrouped = cloud.run(admin, "openstack", "port", "set", "--disable-port-security", "db-port");
        assertThat(stillGrouped.exitCode()).isNotZero();
        assertThat(stillGrouped.stderr()).contains("Port has security group associated.");
        run("openstack", "port", "set", "--no-security-group", "--no-allowed-address", "--disable-port-security",
                "db-port").requireSuccess();
        JsonNode open = json(run("openstack", "port", "show", "db-port", "-f", "json"));
        assertThat(open.path("port_security_enabled").asBoolean()).isFalse();
        assertThat(open.path("security_group_ids").size()).isZero();
        run("openstack", "port", "delete", "db-port").requireSuccess();

        run("openstack", "security", "group", "rule", "delete", fromWeb.path("id").asText()).requireSuccess();
        run("openstack", "security", "group", "delete", "db").requireSuccess();
        // A rule whose remote group goes, goes with it: web keeps its own four.
        assertThat(names(json(run("openstack", "security", "group", "list", "-f", "json")))).contains("web")
                .doesNotContain("db");
    }

    @Test
    void serversTakeTheirGroupsAndChangeThemWithNovasActions() throws Exception {
        run("openstack", "security", "group", "create", "app").requireSuccess();
        run("openstack", "security", "group", "create", "ops").requireSuccess();
        String image = blankImage();
        Http.Response unknown = cloud.api("POST", "/compute/v2.1/servers", """
                {"server": {"name": "lost", "imageRef": "%s", "flavorRef": "1", "networks": "auto",
                 "security_groups": [{"name": "no-such-group"}]}}""".formatted(image));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("Security group no-such-group not found.");
        assertThat(json(run("openstack", "server", "list", "-f", "json"))).isEmpty();

        String id = ComputeClientTest.field(run("openstack", "server", "create", "--flavor", FLAVOR, "--image", image,
                "--network", "private", "--security-group", "app", "grouped").requireSuccess(), "id");
        JsonNode active = cloud.awaitStatus(id, "ACTIVE", Duration.ofSeconds(90));
        assertThat(active.path("security_groups").toString()).contains("app").doesNotContain("default");
        String portId = json(run("openstack", "port", "list", "--server", id, "-f", "json")).get(0).path("ID").asText();

        run("openstack", "server", "add", "security", "group", id, "ops").requireSuccess();
        assertThat(groupsOfPort(portId)).containsExactly("app", "ops");
        run("openstack", "server", "remove", "security", "group", id, "app").requireSuccess();
        assertThat(groupsOfPort(portId)).containsExactly("ops");
        assertThat(cloud.serverFromApi(id).path("security_groups").toString()).contains("ops").doesNotContain("app");
        Cli.Result notThere = cloud.run(admin, "openstack", "server", "remove", "security", "group", id, "app");
        assertThat(notThere.exitCode()).isNotZero();
        assertThat(notThere.stderr()).contains("not associated with the instance");
        Http.Response nowhere = cloud.api("POST", "/compute/v2.1/servers/" + id + "/action",
                "{\"addSecurityGroup\": {\"name\": \"no-such-group\"}}");
        assertThat(nowhere.status()).isEqualTo(404);
        assertThat(nowhere.body()).contains("Security group no-such-group not found.");
        Http.Response nameless = cloud.api("POST", "/compute/v2.1/servers/" + id + "/action",
                "{\"addSecurityGroup\": {}}");
        assertThat(nameless.status()).isEqualTo(400);
        assertThat(nameless.body()).contains("'name' is a required property");

        run("openstack", "server", "delete", "--wait", id).requireSuccess();
        run("openstack", "security", "group", "delete", "app", "ops").requireSuccess();
    }

    private static List<String> groupsOfPort(String portId) throws Exception {
        JsonNode port = cloud.api("GET", "/network/v2.0/ports/" + portId, null).json().path("port");
        List<String> names = new ArrayList<>();
        for (JsonNode groupId : port.path("security_groups")) {
            names.add(cloud.api("GET", "/network/v2.0/security-groups/" + groupId.asText(), null).json()
                    .path("security_group").path("name").asText());
        }
        return names;
    }

    private static List<String> names(JsonNode listed) {
        List<String> names = new ArrayList<>();
        listed.forEach(group -> names.add(group.path("Name").asText()));
        return names;
    }

    private static String blankImage() throws Exception {
        Path blank = work.resolve("blank.raw");
        Files.write(blank, new byte[1024 * 1024]);
        return ComputeClientTest.field(run("glance", "image-create", "--file", blank.toString(), "--disk-format", "raw",
                "--container-format", "bare", "--property", "os_shutdown_timeout=1", "--name", "blank")
                .requireSuccess(), "id");
    }

    private static Cli.Result run(String... command) throws Exception {
        return cloud.run(admin, command);
    }

    private static JsonNode json(Cli.Result result) throws IOException {
        return JSON.readTree(result.requireSuccess().stdout());
    }
}
