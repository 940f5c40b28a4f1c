package org.stackbox.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code serve --network-mode bridged} with real guests and the official client: guests get their ports' addresses
 * from the network's dnsmasq with their own DHCP client (busybox {@code udhcpc}), with the subnet's gateway, DNS
 * servers, host routes and the network's MTU; two guests on one network reach each other (ICMP and TCP), a guest on
 * another network does not; a restart of Stackbox keeps guests connected and rebuilds what it owns on the host; after
 * everything is deleted and Stackbox stopped, nothing of it is left. All traffic stays between the guests and the
 * namespace Stackbox made. Needs root (network devices); skipped otherwise.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BridgedNetworkTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The guest takes an address for each card by DHCP and reports what it was given ({@code lease <card> ip=...
     * router=... dns=... mtu=... routes=...}), answers TCP on port 7000 with {@code hello-from-<its address>}, then
     * reports what the metadata service at {@code 169.254.169.254} tells it ({@code md-instance-id}, {@code md-hostname}),
     * then follows its user data (from the config drive): each line {@code probe IP TRIES} pings IP up to TRIES times
     * and reports {@code ping IP ok|fail}, then {@code tcp IP <answer>}; {@code unknown-source IP} asks the metadata
     * service from an address no port has and reports {@code md-from IP <answer>}; it ends with {@code done}.
     */
    private static final String GUEST = LinuxGuests.init(BridgedGuests.SETUP + """
            for card in /sys/class/net/*; do
              name=${card##*/}
              [ "$name" = lo ] && continue
              ip link set "$name" up
              udhcpc -i "$name" -q -n -t 20 -T 1 -O staticroutes -O mtu -s /etc/udhcpc.script >/dev/null 2>&1 \
                || say "no-lease $name"
            done
            (while true; do nc -l -p 7000 -e /bin/hello; done) >/dev/null 2>&1 &
            md() { timeout 20 wget -q -O - "http://169.254.169.254$1" 2>/dev/null; }
            say "md-instance-id $(md /latest/meta-data/instance-id)"
            say "md-hostname $(md /latest/meta-data/hostname)"
            unknown_source() {
              ip addr add "$1/32" dev eth0
              answer=$(printf 'GET /latest/meta-data/instance-id HTTP/1.0\r\n\r\n' \
                | timeout 5 nc -s "$1" 169.254.169.254 80 2>/dev/null | tail -n 1)
              ip addr del "$1/32" dev eth0
              say "md-from $1 $answer"
            }
            spoof() {
              own_mac=$(cat /sys/class/net/eth0/address)
              own_ip=$(ip -4 addr show eth0 | awk '/inet /{print $2}' | cut -d/ -f1 | head -n 1)
              ping -c 2 -W 1 -I "$own_ip" "$1" >/dev/null 2>&1 && before=through || before=dropped
              ip link set eth0 address "$2"
              ping -c 3 -W 1 "$1" >/dev/null 2>&1 && mac=through || mac=dropped
              ip link set eth0 address "$own_mac"
              ip addr add "$3/32" dev eth0
              ping -c 3 -W 1 -I "$3" "$1" >/dev/null 2>&1 && other_ip=through || other_ip=dropped
              ip addr del "$3/32" dev eth0
              ping -c 3 -W 1 -I "$own_ip" "$1" >/dev/null 2>&1 && after=through || after=dropped
              say "spoof $1 own=$before mac=$mac ip=$other_ip after=$after"
            }
            probe() {
              result=fail
              n=0
              while [ $n -lt "$2" ]; do
                if ping -c 1 -W 1 "$1" >/dev/null 2>&1; then result=ok; break; fi
                n=$((n + 1))
              done
              say "ping $1 $result"
              say "tcp $1 $(timeout 5 nc "$1" 7000 </dev/null 2>/dev/null)"
            }
            mount_config_drive
            if [ -f /mnt/config/openstack/latest/user_data ]; then
              while read -r command address count; do
                [ "$command" = probe ] && probe "$address" "$count"
                [ "$command" = unknown-source ] && unknown_source "$address"
                [ "$command" = spoof ] && spoof "$address" $count
              done < /mnt/config/openstack/latest/user_data
            fi
            say "done"
            """);

    @TempDir
    static Path work;

    private static CloudUnderTest cloud;
    private static Map<String, String> admin;
    private static String imageId;
    private static String namespace;
    private static HostState before;
    private static List<String> freshBridges;
    private static List<String> freshTaps;
    private static int freshDhcpServers;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(HostState.isRoot(), "bridged networks make network devices, which needs root (CI runs as root)");
        before = HostState.now();
        Path iso = LinuxGuests.bootableIso(GUEST);
        cloud = CloudUnderTest.start(work, "--network-mode", "bridged");
        admin = cloud.admin();
        imageId = JSON.readTree(run("openstack", "image", "create", "--disk-format", "iso", "--container-format",
                "bare", "--public", "--property", "os_shutdown_timeout=1", "--file", iso.toString(), "tiny-linux",
                "-f", "json").stdout()).path("id").asText();
        namespace = HostState.now().namespaces().stream().filter(name -> !before.namespaces().contains(name))
                .findFirst().orElseThrow(() -> new AssertionError("serve made no namespace"));
        HostState fresh = HostState.now();
        freshBridges = fresh.bridges(namespace);
        freshTaps = fresh.taps(namespace);
        freshDhcpServers = fresh.dnsmasqOf(cloud.dataDir()).size();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    @Order(1)
    void guestsOnOneNetworkGetTheirPortsAddressesByDhcpAndReachEachOtherButNotAnotherNetwork() throws Exception {
        run("openstack", "network", "create", "--mtu", "1400", "blue");
        run("openstack", "subnet", "create", "--network", "blue", "--subnet-range", "10.20.0.0/24",
                "--dns-nameserver", "10.20.0.53", "--host-route", "destination=192.168.99.0/24,gateway=10.20.0.254",
                "blue-subnet");
        run("openstack", "network", "create", "red");
        run("openstack", "subnet", "create", "--network", "red", "--subnet-range", "10.30.0.0/24", "red-subnet");
        // The DHCP ports, as Neutron's agent makes them.
        JsonNode dhcpPorts = JSON.readTree(run("openstack", "port", "list", "--device-owner", "network:dhcp",
                "--long", "-f", "json").stdout());
        assertThat(dhcpPorts).hasSize(3);

        String first = createServer("blue-one", "net-id=" + networkId("blue") + ",v4-fixed-ip=10.20.0.10", "");
        String second = createServer("blue-two", "net-id=" + networkId("blue"),
                "probe 10.20.0.10 60\nunknown-source 10.20.0.99\nspoof 10.20.0.10 fa:16:3e:00:00:99 10.20.0.98\n");
        String other = createServer("red-one", "net-id=" + networkId("red"), "probe 10.20.0.10 5\n");

        String firstLog = awaitDone(first);
        assertThat(report(firstLog, "lease")).contains("eth0 ip=10.20.0.10/24 router=10.20.0.1 dns=10.20.0.53 mtu=1400"
                + " routes=169.254.169.254/32 10.20.0.2 192.168.99.0/24 10.20.0.254 0.0.0.0/0 10.20.0.1");

        assertMetadataOf(firstLog, first, "blue-one");

        String secondLog = awaitDone(second);
        String secondAddress = fixedIp(second);
        assertThat(secondAddress).startsWith("10.20.0.").isNotEqualTo("10.20.0.10");
        assertThat(report(secondLog, "lease")).hasValueSatisfying(lease ->
                assertThat(lease).startsWith("eth0 ip=" + secondAddress + "/24 router=10.20.0.1"));
        assertThat(report(secondLog, "ping 10.20.0.10")).contains("ok");
        assertThat(report(secondLog, "tcp 10.20.0.10")).contains("hello-from-10.20.0.10");
        assertMetadataOf(secondLog, second, "blue-two");
        assertThat(report(secondLog, "md-from 10.20.0.99")).contains("");
        // Anti-spoofing: with another MAC, or from an address its port does not have, the guest gets nothing through
        // to its neighbour; from its own, before and after, it does.
        assertThat(report(secondLog, "spoof 10.20.0.10")).contains("own=through mac=dropped ip=dropped after=through");

        String otherLog = awaitDone(other);
        String otherAddress = fixedIp(other);
        assertThat(report(otherLog, "lease")).hasValueSatisfying(lease ->
                assertThat(lease).startsWith("eth0 ip=" + otherAddress + "/24 router=10.30.0.1"));
        assertThat(report(otherLog, "ping 10.20.0.10")).contains("fail");
        assertThat(report(otherLog, "tcp 10.20.0.10")).contains("");
        // The default subnet's metadata address is on the guest's own link; this one's is routed by the DHCP port.
        assertMetadataOf(otherLog, other, "red-one");

        // One bridge per network and one tap per port in Stackbox's namespace, one dnsmasq per network.
        HostState state = HostState.now();
        assertThat(state.bridges(namespace)).hasSize(3);
        assertThat(state.taps(namespace)).hasSize(3);
        assertThat(state.dnsmasqOf(cloud.dataDir())).hasSize(3);
        assertThat(before.bridges(null)).isEqualTo(state.bridges(null));

        // The agents whose work Stackbox does on this host, alive.
        JsonNode agents = JSON.readTree(run("openstack", "network", "agent", "list", "-f", "json").stdout());
        assertThat(agents.findValuesAsText("Agent Type")).containsExactlyInAnyOrder("Linux bridge agent",
                "DHCP agent", "Metadata agent");
        assertThat(agents.findValuesAsText("Binary")).contains("neutron-dhcp-agent", "neutron-metadata-agent");
        assertThat(agents.findValues("Alive")).allMatch(JsonNode::asBoolean);
        // Administrators see how a server's port is bound; a DHCP port is the network's.
        JsonNode port = cloud.api("GET", "/network/v2.0/ports?device_id=" + first, null).json().at("/ports/0");
        assertThat(port.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(port.has("binding:host_id")).isTrue();
    }

    @Test
    @Order(2)
    void aRestartKeepsGuestsConnectedAndTheirDhcpServersAndACrashedDhcpServerIsStartedAgain() throws Exception {
        HostState host = HostState.now();
        List<String> bridges = host.bridges(namespace);
        List<String> taps = host.taps(namespace);
        List<Long> dhcpServers = host.dnsmasqOf(cloud.dataDir());
        assertThat(portStatuses()).containsOnly("ACTIVE");
        // Security groups, enforced in the namespace: blue-one leaves the default group for one that lets in ICMP from
        // its subnet and nothing else, so that blue-two's ping passes and its TCP connection does not.
        run("openstack", "security", "group", "create", "ping-only");
        run("openstack", "security", "group", "rule", "create", "--protocol", "icmp", "--remote-ip", "10.20.0.0/24",
                "ping-only");
        String first = serverId("blue-one");
        run("openstack", "server", "add", "security", "group", first, "ping-only");
        run("openstack", "server", "remove", "security", "group", first, "default");
        assertThat(JSON.readTree(run("openstack", "server", "show", first, "-f", "json").stdout())
                .path("security_groups").findValuesAsText("name")).containsExactly("ping-only");

        cloud.restart();

        host = HostState.now();
        assertThat(host.bridges(namespace)).isEqualTo(bridges);
        assertThat(host.taps(namespace)).isEqualTo(taps);
        assertThat(host.dnsmasqOf(cloud.dataDir())).as("the guests' DHCP servers kept running").isEqualTo(dhcpServers);
        // The guest starts again from scratch: a new lease from the same dnsmasq, and the other guest reached again.
        String second = serverId("blue-two");
        run("openstack", "server", "reboot", "--hard", "--wait", second);
        String log = cloud.awaitConsole(second, text -> reports(text).stream().filter("done"::equals).count() == 2,
                Duration.ofSeconds(300));
        assertThat(reports(log).stream().filter("ping 10.20.0.10 ok"::equals)).hasSize(2);
        assertThat(reports(log).stream().filter(line -> line.startsWith("md-instance-id i-"))).hasSize(2);
        assertThat(reports(log).stream().map(String::strip).filter(line -> line.startsWith("tcp 10.20.0.10")))
                .as("TCP answered in the default group, refused by a group that lets in only ICMP")
                .containsExactly("tcp 10.20.0.10 hello-from-10.20.0.10", "tcp 10.20.0.10");

        // A DHCP server that dies is started again.
        ProcessHandle.of(dhcpServers.get(0)).orElseThrow().destroyForcibly();
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(20);
        while (HostState.now().dnsmasqOf(cloud.dataDir()).size() < dhcpServers.size()) {
            assertThat(java.time.Instant.now()).as("dnsmasq started again").isBefore(deadline);
            Thread.sleep(200);
        }

        // A stopped server's ports are DOWN, as Neutron reports a port whose card is unplugged.
        run("openstack", "server", "stop", second);
        cloud.awaitStatus(second, "SHUTOFF", Duration.ofSeconds(120));
        deadline = java.time.Instant.now().plusSeconds(20);
        while (!portStatus(second).equals("DOWN")) {
            assertThat(java.time.Instant.now()).as("the port of a stopped server goes DOWN").isBefore(deadline);
            Thread.sleep(500);
        }
    }

    @Test
    @Order(3)
    void afterEverythingIsDeletedAndStackboxStoppedNothingOfItIsLeft() throws Exception {
        for (String name : List.of("blue-one", "blue-two", "red-one")) {
            run("openstack", "server", "delete", "--wait", name);
        }
        run("openstack", "network", "delete", "blue", "red");
        HostState host = HostState.now();
        assertThat(host.bridges(namespace)).as("a new cloud's: the default network's bridge").isEqualTo(freshBridges)
                .hasSize(1);
        assertThat(host.taps(namespace)).isEqualTo(freshTaps).isEmpty();
        assertThat(host.dnsmasqOf(cloud.dataDir())).hasSize(freshDhcpServers).hasSize(1);
        assertThat(JSON.readTree(run("openstack", "port", "list", "-f", "json").stdout())).hasSize(1);

        cloud.stop();
        cloud = null;
        host = HostState.now();
        assertThat(host.namespaces()).isEqualTo(before.namespaces());
        assertThat(host.bridges(null)).isEqualTo(before.bridges(null));
        assertThat(host.taps(null)).isEqualTo(before.taps(null));
        assertThat(host.dnsmasqOf(work)).isEmpty();
    }

    private static void assertMetadataOf(String log, String serverId, String name) {
        assertThat(report(log, "md-instance-id")).contains("i-" + serverId.substring(0, 8));
        assertThat(report(log, "md-hostname")).contains(name + ".novalocal");
    }

    private static List<String> portStatuses() throws Exception {
        List<String> statuses = new ArrayList<>();
        for (JsonNode port : cloud.api("GET", "/network/v2.0/ports?device_owner=compute:nova", null).json()
                .path("ports")) {
            statuses.add(port.path("status").asText());
        }
        return statuses;
    }

    private static String portStatus(String serverId) throws Exception {
        return cloud.api("GET", "/network/v2.0/ports?device_id=" + serverId, null).json().at("/ports/0/status")
                .asText();
    }

    private static String serverId(String name) throws Exception {
        return run("openstack", "server", "show", name, "-f", "value", "-c", "id").stdout().strip();
    }

    private static String createServer(String name, String nic, String userData) throws Exception {
        return BridgedGuests.createServer(cloud, admin, imageId, name, nic, userData);
    }

    private static String networkId(String name) throws Exception {
        return BridgedGuests.networkId(cloud, admin, name);
    }

    private static String fixedIp(String serverId) throws Exception {
        return cloud.api("GET", "/network/v2.0/ports?device_id=" + serverId, null).json()
                .at("/ports/0/fixed_ips/0/ip_address").asText();
    }

    private static Cli.Result run(String... command) throws Exception {
        return cloud.run(admin, command).requireSuccess();
    }

    /** The console log, through {@code openstack console log show}, once the guest reported {@code done}. */
    private static String awaitDone(String serverId) throws Exception {
        Predicate<String> done = log -> report(log, "done").isPresent();
        cloud.awaitConsole(serverId, done, Duration.ofSeconds(300));
        String log = run("openstack", "console", "log", "show", serverId).stdout();
        assertThat(done.test(log)).as("the client's console log").isTrue();
        return log;
    }

    private static List<String> reports(String consoleLog) {
        return BridgedGuests.reports(consoleLog);
    }

    /** The value of the last report named {@code name} ({@code <name> <value>}). */
    private static Optional<String> report(String consoleLog, String name) {
        List<String> values = new ArrayList<>();
        for (String line : reports(consoleLog)) {
            if (line.equals(name)) {
                values.add("");
            } else if (line.startsWith(name + " ")) {
                values.add(line.substring(name.length() + 1));
            }
        }
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }
}
