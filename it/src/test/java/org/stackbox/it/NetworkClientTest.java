package org.stackbox.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Networks through the official clients: networks, subnets and ports, projects that do not see each other's, servers
 * on networks with Nova's refusals, and against real QEMU (TCG) a Linux guest that gets its port's fixed IP by DHCP,
 * answers on its SSH forward from the host, and takes a hot-plugged card and gives it back.
 */
@Timeout(900)
class NetworkClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FLAVOR = "cirros256";
    /** Leases on every card as it appears (hot-plugged ones too), printed on the console; a banner on port 22. */
    private static final String GUEST = LinuxGuests.init("""
            cat > /bin/lease <<'EOF'
            #!/bin/sh
            case "$1" in
              bound|renew)
                ip addr flush dev "$interface"
                ip addr add "$ip/$mask" dev "$interface"
                [ -n "$router" ] && ip route add default via "$router" dev "$interface" 2>/dev/null
                echo "STACKBOX-LEASE $interface $ip mac=$(cat /sys/class/net/$interface/address) router=$router dns=$dns uptime=$(cut -d' ' -f1 /proc/uptime)" > /dev/console
                ;;
            esac
            EOF
            cat > /bin/banner <<'EOF'
            #!/bin/sh
            echo "SSH-2.0-StackboxTestGuest $(ip -4 -o addr show eth0 | awk '{print $4}')"
            EOF
            chmod +x /bin/lease /bin/banner
            while true; do nc -l -p 22 -e /bin/banner; done &
            while true; do
              for card in /sys/class/net/eth*; do
                name=${card##*/}
                if [ -e "$card" ] && [ ! -e /tmp/seen-$name ]; then
                  touch /tmp/seen-$name
                  ip link set "$name" up
                  udhcpc -i "$name" -s /bin/lease -q -n -t 30 -T 1 &
                fi
              done
              for seen in /tmp/seen-*; do
                [ -e "$seen" ] && [ ! -e /sys/class/net/${seen#/tmp/seen-} ] && rm "$seen" && echo "STACKBOX-GONE ${seen#/tmp/seen-}"
              done
              sleep 1
            done &
            """);

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
    void networksSubnetsAndPortsWithTheOfficialClients() throws Exception {
        JsonNode defaultNetwork = json(run(admin, "openstack", "network", "show", "private", "-f", "json"));
        assertThat(defaultNetwork.path("shared").asBoolean()).isTrue();
        assertThat(json(run(admin, "openstack", "subnet", "show", "private-subnet", "-f", "json")).path("cidr")
                .asText()).isEqualTo("169.254.169.0/24");

        String network = json(run(admin, "openstack", "network", "create", "blue", "-f", "json")).path("id").asText();
        assertThat(run(admin, "openstack", "network", "list").requireSuccess().stdout()).contains("blue", "private");
        JsonNode subnet = json(run(admin, "openstack", "subnet", "create", "--network", "blue", "--subnet-range",
                "192.168.77.0/24", "--allocation-pool", "start=192.168.77.10,end=192.168.77.20", "blue-subnet",
                "-f", "json"));
        assertThat(subnet.path("gateway_ip").asText()).isEqualTo("192.168.77.1");
        assertThat(json(run(admin, "openstack", "network", "show", "blue", "-f", "json")).path("subnets").toString())
                .contains(subnet.path("id").asText());
        JsonNode port = json(run(admin, "openstack", "port", "create", "--network", "blue", "blue-port", "-f", "json"));
        assertThat(port.path("fixed_ips").toString()).contains("192.168.77.10");
        assertThat(port.path("mac_address").asText()).startsWith("fa:16:3e:");
        JsonNode fixed = json(run(admin, "openstack", "port", "create", "--network", "blue", "--fixed-ip",
                "subnet=blue-subnet,ip-address=192.168.77.15", "fixed-port", "-f", "json"));
        assertThat(fixed.path("fixed_ips").toString()).contains("192.168.77.15");
        assertThat(run(admin, "openstack", "port", "list", "--network", "blue").requireSuccess().stdout())
                .contains("blue-port", "fixed-port");

        Cli.Result taken = run(admin, "openstack", "port", "create", "--network", "blue", "--fixed-ip",
                "ip-address=192.168.77.15", "taken");
        assertThat(taken.exitCode()).isNotZero();
        assertThat(taken.stderr()).contains("IP address 192.168.77.15 already allocated in subnet");
        Cli.Result overlapping = run(admin, "openstack", "subnet", "create", "--network", "blue", "--subnet-range",
                "192.168.77.128/25", "overlapping");
        assertThat(overlapping.exitCode()).isNotZero();
        assertThat(overlapping.stderr()).contains("overlaps with another subnet");
        Cli.Result inUse = run(admin, "openstack", "network", "delete", "blue");
        assertThat(inUse.exitCode()).isNotZero();
        assertThat(inUse.stderr()).contains("409", "There are one or more ports still in use on the network.");
        Http.Response body = api("DELETE", "/network/v2.0/networks/" + network, null);
        assertThat(body.status()).isEqualTo(409);
        assertThat(body.json().path("NeutronError").path("type").asText()).isEqualTo("NetworkInUse");

        run(admin, "openstack", "port", "delete", "blue-port", "fixed-port").requireSuccess();
        run(admin, "openstack", "network", "delete", "blue").requireSuccess();
        assertThat(run(admin, "openstack", "network", "list").requireSuccess().stdout()).doesNotContain("blue");
        Http.Response gone = api("GET", "/network/v2.0/networks/" + network, null);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().path("NeutronError").path("message").asText())
                .isEqualTo("Network " + network + " could not be found.");
        assertThat(api("GET", "/network/v2.0/subnets/" + subnet.path("id").asText(), null).status()).isEqualTo(404);
    }

    /** Neutron's bulk create (what openstacksdk and tempest send): all made in one request, or none. */
    @Test
    void bulkCreateMakesAllOrNothing() throws Exception {
        Http.Response networks = cloud.api("POST", "/network/v2.0/networks",
                "{\"networks\": [{\"name\": \"bulk-a\"}, {\"name\": \"bulk-b\"}]}");
        assertThat(networks.status()).as(networks.body()).isEqualTo(201);
        List<String> networkIds = networks.json().path("networks").findValuesAsText("id");
        assertThat(networks.json().path("networks").findValuesAsText("name")).containsExactly("bulk-a", "bulk-b");
        Http.Response subnets = cloud.api("POST", "/network/v2.0/subnets", ("{\"subnets\": ["
                + "{\"network_id\": \"%s\", \"cidr\": \"10.71.0.0/24\", \"ip_version\": 4},"
                + "{\"network_id\": \"%s\", \"cidr\": \"10.72.0.0/24\", \"ip_version\": 4}]}")
                .formatted(networkIds.get(0), networkIds.get(1)));
        assertThat(subnets.status()).as(subnets.body()).isEqualTo(201);
        assertThat(subnets.json().path("subnets").findValuesAsText("cidr")).containsExactly("10.71.0.0/24",
                "10.72.0.0/24");
        Http.Response ports = cloud.api("POST", "/network/v2.0/ports", ("{\"ports\": [{\"network_id\": \"%s\","
                + " \"name\": \"bulk-1\"}, {\"network_id\": \"%s\", \"name\": \"bulk-2\"}]}")
                .formatted(networkIds.get(0), networkIds.get(0)));
        assertThat(ports.status()).as(ports.body()).isEqualTo(201);
        assertThat(ports.json().path("ports").findValuesAsText("name")).containsExactly("bulk-1", "bulk-2");

        // The second port asks for an address outside its subnet: Neutron's 400, and the first is not left behind.
        Http.Response refused = cloud.api("POST", "/network/v2.0/ports", ("{\"ports\": [{\"network_id\": \"%s\","
                + " \"name\": \"bulk-3\"}, {\"network_id\": \"%s\", \"name\": \"bulk-4\", \"fixed_ips\":"
                + " [{\"ip_address\": \"10.99.0.5\"}]}]}").formatted(networkIds.get(1), networkIds.get(1)));
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        JsonNode listed = json(run(admin, "openstack", "port", "list", "--network", networkIds.get(1), "-f", "json"));
        assertThat(listed.findValuesAsText("Name")).doesNotContain("bulk-3", "bulk-4");
        Http.Response empty = cloud.api("POST", "/network/v2.0/ports", "{\"ports\": []}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body()).contains("Resources required");

        for (String port : ports.json().path("ports").findValuesAsText("id")) {
            run(admin, "openstack", "port", "delete", port).requireSuccess();
        }
        run(admin, "openstack", "network", "delete", "bulk-a", "bulk-b").requireSuccess();
    }

    @Test
    void anotherProjectsNetworksAndPortsDoNotExistForIt() throws Exception {
        run(admin, "openstack", "project", "create", "neighbours").requireSuccess();
        run(admin, "openstack", "user", "create", "--project", "neighbours", "--password", "secret-carol", "carol")
                .requireSuccess();
        run(admin, "openstack", "role", "add", "--project", "neighbours", "--user", "carol", "member").requireSuccess();
        Map<String, String> carol = new java.util.HashMap<>(admin);
        carol.put("OS_USERNAME", "carol");
        carol.put("OS_PASSWORD", "secret-carol");
        carol.put("OS_PROJECT_NAME", "neighbours");
        String carolsToken = Http.token(cloud.url() + "/identity", "carol", "secret-carol", "neighbours");

        String hidden = json(run(admin, "openstack", "network", "create", "admins-only", "-f", "json")).path("id").asText();
        run(admin, "openstack", "subnet", "create", "--network", hidden, "--subnet-range", "192.168.88.0/24",
                "admins-only-subnet").requireSuccess();
        String adminsPort = json(run(admin, "openstack", "port", "create", "--network", hidden, "admins-port",
                "-f", "json")).path("id").asText();

        assertThat(run(carol, "openstack", "network", "list", "-f", "value", "-c", "Name").requireSuccess().stdout()
                .strip()).isEqualTo("private");
        Http.Response network = Http.send("GET", cloud.url() + "/network/v2.0/networks/" + hidden, carolsToken,
                null, null);
        assertThat(network.status()).isEqualTo(404);
        assertThat(network.json().path("NeutronError").path("type").asText()).isEqualTo("NetworkNotFound");
        Http.Response port = Http.send("POST", cloud.url() + "/network/v2.0/ports", carolsToken, null,
                "{\"port\": {\"network_id\": \"" + hidden + "\"}}");
        assertThat(port.status()).isEqualTo(404);
        assertThat(port.body()).contains("Network " + hidden + " could not be found.");
        assertThat(Http.send("GET", cloud.url() + "/network/v2.0/ports/" + adminsPort, carolsToken, null, null)
                .status()).isEqualTo(404);
        Cli.Result onHidden = run(carol, "nova", "boot", "--flavor", FLAVOR, "--image", anyImage(), "--nic",
                "net-id=" + hidden, "nosy");
        assertThat(onHidden.exitCode()).isNotZero();
        assertThat(onHidden.stderr()).contains("Network " + hidden + " could not be found. (HTTP 400)");
        Http.Response byPort = Http.send("POST", cloud.url() + "/compute/v2.1/servers", carolsToken, null,
                "{\"server\": {\"name\": \"nosy\", \"flavorRef\": \"c1\", \"imageRef\": \"" + anyImage() + "\", "
                        + "\"networks\": [{\"port\": \"" + adminsPort + "\"}]}}");
        assertThat(byPort.status()).as(byPort.body()).isEqualTo(400);
        assertThat(byPort.body()).contains("Port id " + adminsPort + " could not be found.");
        // No card on a server that is not the project's: Neutron's device_owner rule.
        Cli.Result planted = run(carol, "openstack", "port", "create", "--network", "private", "--device",
                java.util.UUID.randomUUID().toString(), "--device-owner", "compute:nova", "planted");
        assertThat(planted.exitCode()).isNotZero();
        assertThat(planted.stderr()).contains("rule:create_port:device_owner is disallowed by policy");
        assertThat(run(carol, "openstack", "port", "list", "-f", "value", "-c", "Name").requireSuccess().stdout())
                .doesNotContain("planted");
        Cli.Result deleteShared = run(carol, "openstack", "network", "delete", "private");
        assertThat(deleteShared.exitCode()).isNotZero();
        assertThat(deleteShared.stderr()).contains("disallowed by policy");

        run(admin, "openstack", "port", "delete", adminsPort).requireSuccess();
        run(admin, "openstack", "network", "delete", hidden).requireSuccess();
    }

    @Test
    void serversOnNetworksAndWhatNovaRefuses() throws Exception {
        String image = anyImage();
        String unknown = "3b8a5a7e-0c7b-4b56-9d2c-1f0b5c1d2e3f";
        Cli.Result unknownNetwork = run(admin, "nova", "boot", "--flavor", FLAVOR, "--image", image, "--nic",
                "net-id=" + unknown, "lost");
        assertThat(unknownNetwork.exitCode()).isNotZero();
        assertThat(unknownNetwork.stderr()).contains("Network " + unknown + " could not be found. (HTTP 400)");
        Cli.Result byName = run(admin, "openstack", "server", "create", "--flavor", FLAVOR, "--image", image,
                "--network", "no-such-network", "lost");
        assertThat(byName.exitCode()).isNotZero();
        run(admin, "openstack", "network", "create", "empty").requireSuccess();
        Cli.Result empty = run(admin, "openstack", "server", "create", "--flavor", FLAVOR, "--image", image,
                "--network", "empty", "lost");
        assertThat(empty.exitCode()).isNotZero();
        assertThat(empty.stderr()).contains("requires a subnet in order to boot instances on.");
        Cli.Result ambiguous = run(admin, "openstack", "--os-compute-api-version", "2.37", "server", "create",
                "--flavor", FLAVOR, "--image", image, "--nic", "auto", "lost");
        assertThat(ambiguous.exitCode()).isNotZero();
        assertThat(ambiguous.stderr()).contains("Multiple possible networks found");
        run(admin, "openstack", "network", "delete", "empty").requireSuccess();

        String none = field(run(admin, "openstack", "--os-compute-api-version", "2.37", "server", "create", "--flavor",
                FLAVOR, "--image", image, "--nic", "none", "unplugged").requireSuccess(), "id");
        String auto = field(run(admin, "openstack", "--os-compute-api-version", "2.37", "server", "create", "--flavor",
                FLAVOR, "--image", image, "--nic", "auto", "--property", "stackbox:ssh_forward=", "plugged")
                .requireSuccess(), "id");
        awaitStatus(none, "ACTIVE");
        JsonNode plugged = awaitStatus(auto, "ACTIVE");
        assertThat(serverFromApi(none).path("addresses").size()).isZero();
        assertThat(plugged.path("addresses").path("private").get(0).path("addr").asText()).startsWith("169.254.169.");
        assertThat(plugged.path("metadata").path("stackbox:ssh_forward").asText()).startsWith("127.0.0.1:");
        assertThat(serverFromApi(none).has("stackbox:ssh_forward")).as("nothing of Stackbox's own in Nova's view").isFalse();
        JsonNode ports = json(run(admin, "openstack", "port", "list", "--server", auto, "-f", "json"));
        assertThat(ports).hasSize(1);
        String portId = ports.get(0).path("ID").asText();
        Cli.Result inUse = run(admin, "nova", "boot", "--flavor", FLAVOR, "--image", image, "--nic",
                "port-id=" + portId, "second-holder");
        assertThat(inUse.exitCode()).isNotZero();
        assertThat(inUse.stderr()).contains("Port " + portId + " is still in use. (HTTP 409)");
        Cli.Result busyPort = run(admin, "openstack", "port", "delete", portId);
        assertThat(busyPort.exitCode()).isNotZero();

        run(admin, "openstack", "--os-compute-api-version", "2.73", "server", "lock", "--reason", "kept", auto)
                .requireSuccess();
        JsonNode locked = json(run(admin, "openstack", "--os-compute-api-version", "2.73", "server", "show", auto,
                "-f", "json"));
        assertThat(locked.path("locked").asBoolean()).isTrue();
        assertThat(locked.path("locked_reason").asText()).isEqualTo("kept");
        run(admin, "openstack", "server", "unlock", auto).requireSuccess();
        run(admin, "nova", "reset-state", none).requireSuccess();
        assertThat(serverFromApi(none).path("status").asText()).isEqualTo("ERROR");
        run(admin, "nova", "reset-state", "--active", none).requireSuccess();
        assertThat(serverFromApi(none).path("status").asText()).isEqualTo("ACTIVE");

        run(admin, "openstack", "server", "delete", "--wait", none, auto).requireSuccess();
        assertThat(json(run(admin, "openstack", "port", "list", "--network", "private", "-f", "json")))
                .as("ports go with their servers").isEmpty();
    }

    @Test
    void aGuestGetsItsPortsAddressByDhcpAndIsReachedThroughItsForward() throws Exception {
        Path iso = LinuxGuests.bootableIso(GUEST);
        String image = field(run(admin, "glance", "image-create", "--file", iso.toString(), "--disk-format", "iso",
                "--container-format", "bare", "--name", "linux-guest").requireSuccess(), "id");
        String network = json(run(admin, "openstack", "network", "create", "guests", "-f", "json")).path("id").asText();
        run(admin, "openstack", "subnet", "create", "--network", "guests", "--subnet-range", "192.168.99.0/24",
                "guests-subnet").requireSuccess();

        Instant created = Instant.now();
        String id = field(run(admin, "openstack", "server", "create", "--flavor", FLAVOR, "--image", image, "--nic",
                "net-id=" + network + ",v4-fixed-ip=192.168.99.42", "guest").requireSuccess(), "id");
        awaitStatus(id, "ACTIVE");
        Instant active = Instant.now();
        Matcher lease = awaitConsole(id, "STACKBOX-LEASE eth0 (\\S+) mac=(\\S+) .*uptime=(\\S+)", Duration.ofMinutes(5));
        Instant leased = Instant.now();
        System.out.printf("DHCP under TCG: lease %s s after create, %s s after ACTIVE, guest uptime %s s%n",
                Duration.between(created, leased).toMillis() / 1000.0,
                Duration.between(active, leased).toMillis() / 1000.0, lease.group(3));
        assertThat(lease.group(1)).isEqualTo("192.168.99.42");
        JsonNode ports = json(run(admin, "openstack", "port", "list", "--server", id, "-f", "json"));
        assertThat(ports).hasSize(1);
        assertThat(lease.group(2)).isEqualTo(ports.get(0).path("MAC Address").asText());
        assertThat(ports.get(0).path("Fixed IP Addresses").toString()).contains("192.168.99.42");

        run(admin, "openstack", "server", "set", "--property", "stackbox:ssh_forward=", "--property", "role=web", id)
                .requireSuccess();
        JsonNode shown = json(run(admin, "openstack", "server", "show", id, "-f", "json"));
        assertThat(shown.path("addresses").toString()).contains("guests", "192.168.99.42");
        Matcher forward = Pattern.compile("stackbox:ssh_forward\\W+127\\.0\\.0\\.1:(\\d+)")
                .matcher(shown.path("properties").toString());
        assertThat(forward.find()).as(shown.path("properties").toString()).isTrue();
        assertThat(shown.path("properties").toString()).contains("role", "web");
        run(admin, "openstack", "server", "unset", "--property", "role", id).requireSuccess();
        assertThat(cloud.api("GET", "/compute/v2.1/servers/" + id + "/ips", null).json()).as("Nova's ips API")
                .isEqualTo(JSON.readTree("{\"addresses\": {\"guests\": [{\"version\": 4, \"addr\": \"192.168.99.42\"}]}}"));
        assertThat(cloud.api("GET", "/compute/v2.1/servers/" + id + "/ips/private", null).status()).isEqualTo(404);
        assertThat(run(admin, "openstack", "server", "list", "--ip", "192\\.168\\.99\\.4", "-f", "value", "-c", "ID")
                .requireSuccess().stdout()).contains(id);
        assertThat(run(admin, "openstack", "server", "list", "--ip", "10.99.99.99", "-f", "value", "-c", "ID")
                .requireSuccess().stdout()).doesNotContain(id);
        assertThat(serverFromApi(id).path("metadata").has("role")).isFalse();
        int hostPort = Integer.parseInt(forward.group(1));
        assertThat(banner(hostPort)).isEqualTo("SSH-2.0-StackboxTestGuest 192.168.99.42/24");

        run(admin, "openstack", "server", "add", "network", id, "private").requireSuccess();
        Matcher second = awaitConsole(id, "STACKBOX-LEASE eth1 (169\\.254\\.169\\.\\d+) mac=(\\S+)", Duration.ofMinutes(2));
        assertThat(json(run(admin, "openstack", "port", "list", "--server", id, "-f", "json"))).hasSize(2);
        assertThat(serverFromApi(id).path("addresses").path("private").get(0).path("addr").asText())
                .isEqualTo(second.group(1));
        run(admin, "openstack", "server", "remove", "network", id, "private").requireSuccess();
        awaitConsole(id, "STACKBOX-GONE eth1", Duration.ofMinutes(1));
        assertThat(json(run(admin, "openstack", "port", "list", "--server", id, "-f", "json"))).hasSize(1);
        assertThat(serverFromApi(id).path("addresses").has("private")).isFalse();

        run(admin, "openstack", "server", "delete", "--wait", id).requireSuccess();
        assertThat(json(run(admin, "openstack", "port", "list", "--network", "guests", "-f", "json"))).isEmpty();
        assertThatThrownBy(() -> banner(hostPort)).as("the forward goes with the server")
                .isInstanceOf(ConnectException.class);
        run(admin, "openstack", "network", "delete", "guests").requireSuccess();
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /** The first line the guest sends through the forward, as an SSH client would read the server's banner. */
    private static String banner(int hostPort) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", hostPort), 5000);
            socket.setSoTimeout(30_000);
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    private static Matcher awaitConsole(String id, String regex, Duration timeout) throws Exception {
        Pattern pattern = Pattern.compile(regex);
        Matcher matcher = pattern.matcher(cloud.awaitConsole(id, output -> pattern.matcher(output).find(), timeout));
        assertThat(matcher.find()).isTrue();
        return matcher;
    }

    private static String anyImage() throws Exception {
        JsonNode images = api("GET", "/image/v2/images?name=blank", null).json().path("images");
        if (images.size() > 0) {
            return images.get(0).path("id").asText();
        }
        Path blank = work.resolve("blank.raw");
        Files.write(blank, new byte[1024 * 1024]);
        return field(run(admin, "glance", "image-create", "--file", blank.toString(), "--disk-format", "raw",
                "--container-format", "bare", "--visibility", "public", "--property", "os_shutdown_timeout=1",
                "--name", "blank").requireSuccess(), "id");
    }

    private static Cli.Result run(Map<String, String> environment, String... command) throws Exception {
        return cloud.run(environment, command);
    }

    private static JsonNode json(Cli.Result result) throws IOException {
        return JSON.readTree(result.requireSuccess().stdout());
    }

    private static String field(Cli.Result result, String name) {
        return ComputeClientTest.field(result, name);
    }

    private static Http.Response api(String method, String path, String body) throws Exception {
        return cloud.api(method, path, body);
    }

    private static JsonNode serverFromApi(String id) throws Exception {
        return cloud.serverFromApi(id);
    }

    private static JsonNode awaitStatus(String id, String wanted) throws Exception {
        return cloud.awaitStatus(id, wanted, Duration.ofSeconds(90));
    }
}
