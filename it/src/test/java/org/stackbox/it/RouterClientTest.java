package org.stackbox.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routers and floating IPs through the official client (the API; in user mode no packet goes through them): a router
 * joining subnets with an interface on each subnet's gateway address, a gateway on an external network, floating IPs
 * from that network associated with a port only where a router joins its subnet to it, and Neutron's refusals.
 */
@Timeout(600)
class RouterClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();

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
    void routersAndFloatingIpsWithTheOfficialClient() throws Exception {
        run(admin, "openstack", "network", "create", "--external", "public").requireSuccess();
        run(admin, "openstack", "subnet", "create", "--network", "public", "--subnet-range", "172.24.4.0/24",
                "--no-dhcp", "public-subnet").requireSuccess();
        for (String[] network : new String[][] {{"red", "10.1.0.0/24"}, {"blue", "10.2.0.0/24"},
                {"green", "10.1.0.0/25"}}) {
            run(admin, "openstack", "network", "create", network[0]).requireSuccess();
            run(admin, "openstack", "subnet", "create", "--network", network[0], "--subnet-range", network[1],
                    network[0] + "-subnet").requireSuccess();
        }
        JsonNode router = json(run(admin, "openstack", "router", "create", "r1", "-f", "json"));
        String routerId = router.path("id").asText();
        assertThat(router.path("external_gateway_info").isEmpty()).as(router.toString()).isTrue();

        run(admin, "openstack", "router", "add", "subnet", "r1", "red-subnet").requireSuccess();
        JsonNode interfaces = json(run(admin, "openstack", "port", "list", "--router", "r1", "--device-owner",
                "network:router_interface", "-f", "json", "--long"));
        assertThat(interfaces).hasSize(1);
        assertThat(interfaces.get(0).path("Fixed IP Addresses").toString()).contains("10.1.0.1");
        Cli.Result again = run(admin, "openstack", "router", "add", "subnet", "r1", "red-subnet");
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.stderr()).contains("Router already has a port on subnet");
        Cli.Result overlapping = run(admin, "openstack", "router", "add", "subnet", "r1", "green-subnet");
        assertThat(overlapping.exitCode()).isNotZero();
        assertThat(overlapping.stderr()).contains("overlaps with cidr 10.1.0.0/24");
        Cli.Result notExternal = run(admin, "openstack", "router", "set", "--external-gateway", "blue", "r1");
        assertThat(notExternal.exitCode()).isNotZero();
        assertThat(notExternal.stderr()).contains("is not an external network");

        run(admin, "openstack", "router", "set", "--external-gateway", "public", "r1").requireSuccess();
        JsonNode gateway = json(run(admin, "openstack", "router", "show", "r1", "-f", "json"))
                .path("external_gateway_info");
        assertThat(gateway.path("enable_snat").asBoolean()).as(gateway.toString()).isTrue();
        assertThat(gateway.path("external_fixed_ips").toString()).contains("172.24.4.");
        Cli.Result inUse = run(admin, "openstack", "router", "delete", "r1");
        assertThat(inUse.exitCode()).isNotZero();
        assertThat(inUse.stderr()).contains("still has ports");
        Cli.Result subnetInUse = run(admin, "openstack", "subnet", "delete", "red-subnet");
        assertThat(subnetInUse.exitCode()).isNotZero();

        String redPort = json(run(admin, "openstack", "port", "create", "--network", "red", "red-port", "-f", "json"))
                .path("id").asText();
        String bluePort = json(run(admin, "openstack", "port", "create", "--network", "blue", "blue-port", "-f",
                "json")).path("id").asText();
        Cli.Result internal = run(admin, "openstack", "floating", "ip", "create", "red");
        assertThat(internal.exitCode()).isNotZero();
        assertThat(internal.stderr()).contains("is not a valid external network");
        JsonNode floating = json(run(admin, "openstack", "floating", "ip", "create", "public", "-f", "json"));
        String address = floating.path("floating_ip_address").asText();
        assertThat(address).startsWith("172.24.4.");
        assertThat(floating.path("status").asText()).isEqualTo("DOWN");
        Cli.Result unreachable = run(admin, "openstack", "floating", "ip", "set", "--port", "blue-port", address);
        assertThat(unreachable.exitCode()).isNotZero();
        assertThat(unreachable.stderr()).contains("is not reachable from subnet");

        run(admin, "openstack", "floating", "ip", "set", "--port", "red-port", address).requireSuccess();
        JsonNode associated = json(run(admin, "openstack", "floating", "ip", "show", address, "-f", "json"));
        assertThat(associated.path("port_id").asText()).isEqualTo(redPort);
        assertThat(associated.path("router_id").asText()).isEqualTo(routerId);
        assertThat(associated.path("fixed_ip_address").asText()).startsWith("10.1.0.");
        assertThat(associated.path("status").asText()).isEqualTo("ACTIVE");
        Cli.Result gatewayInUse = run(admin, "openstack", "router", "unset", "--external-gateway", "r1");
        assertThat(gatewayInUse.exitCode()).isNotZero();
        assertThat(gatewayInUse.stderr()).contains("is required by one or more floating IPs");

        // Another project sees the external network but not the router or the floating IP.
        Map<String, String> carol = member("carol");
        assertThat(run(carol, "openstack", "network", "list", "-f", "value", "-c", "Name").requireSuccess().stdout())
                .contains("public").doesNotContain("red");
        assertThat(run(carol, "openstack", "router", "show", routerId).exitCode()).isNotZero();
        assertThat(run(carol, "openstack", "floating", "ip", "list", "-f", "value").requireSuccess().stdout())
                .doesNotContain(address);
        JsonNode carols = json(run(carol, "openstack", "floating", "ip", "create", "public", "-f", "json"));
        run(carol, "openstack", "floating", "ip", "delete", carols.path("id").asText()).requireSuccess();

        run(admin, "openstack", "floating", "ip", "unset", "--port", address).requireSuccess();
        JsonNode disassociated = json(run(admin, "openstack", "floating", "ip", "show", address, "-f", "json"));
        assertThat(disassociated.path("port_id").isNull() || disassociated.path("port_id").asText().isEmpty())
                .as(disassociated.toString()).isTrue();
        assertThat(disassociated.path("status").asText()).isEqualTo("DOWN");

        run(admin, "openstack", "floating", "ip", "delete", address).requireSuccess();
        run(admin, "openstack", "router", "unset", "--external-gateway", "r1").requireSuccess();
        run(admin, "openstack", "router", "remove", "subnet", "r1", "red-subnet").requireSuccess();
        run(admin, "openstack", "router", "delete", "r1").requireSuccess();
        run(admin, "openstack", "port", "delete", redPort, bluePort).requireSuccess();
        assertThat(run(admin, "openstack", "port", "list", "-f", "value", "-c", "ID").requireSuccess().stdout()
                .lines().filter(line -> !line.isBlank()).toList())
                .as("no router or floating IP port is left").allSatisfy(id -> assertThat(
                        json(run(admin, "openstack", "port", "show", id, "-f", "json")).path("device_owner").asText())
                        .doesNotStartWith("network:router").isNotEqualTo("network:floatingip"));
        run(admin, "openstack", "network", "delete", "red", "blue", "green", "public").requireSuccess();
    }

    private static Map<String, String> member(String name) throws Exception {
        run(admin, "openstack", "project", "create", name + "-project").requireSuccess();
        run(admin, "openstack", "user", "create", "--project", name + "-project", "--password", "secret-" + name,
                name).requireSuccess();
        run(admin, "openstack", "role", "add", "--project", name + "-project", "--user", name, "member")
                .requireSuccess();
        Map<String, String> environment = new HashMap<>(admin);
        environment.put("OS_USERNAME", name);
        environment.put("OS_PASSWORD", "secret-" + name);
        environment.put("OS_PROJECT_NAME", name + "-project");
        return environment;
    }

    private static Cli.Result run(Map<String, String> environment, String... command) throws Exception {
        return cloud.run(environment, command);
    }

    private static JsonNode json(Cli.Result result) throws IOException {
        return JSON.readTree(result.requireSuccess().stdout());
    }
}
