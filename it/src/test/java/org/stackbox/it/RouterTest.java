package org.stackbox.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Routers and floating IPs in {@code serve --network-mode bridged}, with real guests and the official client: guests
 * on two networks do not reach each other until {@code openstack router add subnet} joins both subnets to one router;
 * a floating IP makes a guest's TCP port reachable from the host through the external network's veth pair, a restart
 * of Stackbox keeps it, and {@code openstack floating ip unset --port} cuts it; after everything is deleted and
 * Stackbox stopped, no namespace or link of it is left. All traffic stays between the guests, Stackbox's namespaces
 * and the host's end of the veth.
 * Needs root (network devices); skipped otherwise.
 */
@Timeout(1200)
class RouterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The guest takes its address by DHCP (with the default route to its subnet's gateway), answers TCP on port 7000
     * with {@code hello-from-<its address>}, and, if its user data names an address ({@code watch IP}), pings it every
     * second and reports {@code reach IP ok|fail} whenever the answer changes; it also asks the host's end of the
     * external network ({@code 172.24.4.1}, TCP port 7100) and reports {@code host <answer>} whenever that changes.
     */
    private static final String GUEST = LinuxGuests.init(BridgedGuests.SETUP + """
            ip link set eth0 up
            udhcpc -i eth0 -q -n -t 20 -T 1 -s /etc/udhcpc.script >/dev/null 2>&1 || say "no-lease eth0"
            (while true; do nc -l -p 7000 -e /bin/hello; done) >/dev/null 2>&1 &
            mount_config_drive
            say "ready"
            if [ -f /mnt/config/openstack/latest/user_data ]; then
              read -r command address < /mnt/config/openstack/latest/user_data
              if [ "$command" = watch ]; then
                last=none
                last_host=none
                while true; do
                  if ping -c 1 -W 1 "$address" >/dev/null 2>&1; then now=ok; else now=fail; sleep 1; fi
                  [ "$now" != "$last" ] && say "reach $address $now"
                  last=$now
                  host=$(timeout 3 nc 172.24.4.1 7100 </dev/null 2>/dev/null)
                  [ "$host" != "$last_host" ] && say "host $host"
                  last_host=$host
                  sleep 1
                done
              fi
            fi
            """);

    @TempDir
    static Path work;

    private static CloudUnderTest cloud;
    private static Map<String, String> admin;
    private static String imageId;
    private static HostState before;
    private static String namespace;
    private static List<String> hostVethsBefore;
    private static HostService hostService;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(HostState.isRoot(), "routers make network namespaces and devices, which needs root (CI runs as root)");
        before = HostState.now();
        hostVethsBefore = before.veths(null);
        Path iso = LinuxGuests.bootableIso(GUEST);
        cloud = CloudUnderTest.start(work, "--network-mode", "bridged");
        admin = cloud.admin();
        namespace = HostState.now().namespaces().stream().filter(name -> !before.namespaces().contains(name))
                .findFirst().orElseThrow(() -> new AssertionError("serve made no namespace"));
        imageId = JSON.readTree(run("openstack", "image", "create", "--disk-format", "iso", "--container-format",
                "bare", "--public", "--property", "os_shutdown_timeout=1", "--file", iso.toString(), "tiny-linux",
                "-f", "json").stdout()).path("id").asText();
    }

    @AfterAll
    static void stop() throws Exception {
        if (hostService != null) {
            hostService.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void aRouterJoinsTwoNetworksAndAFloatingIpReachesAGuestFromTheHost() throws Exception {
        // An external network whose gateway address is the host's end of the veth pair (devstack's "public").
        run("openstack", "network", "create", "--external", "public");
        run("openstack", "subnet", "create", "--network", "public", "--subnet-range", "172.24.4.0/24", "--no-dhcp",
                "public-subnet");
        hostService = HostService.on("172.24.4.1", 7100);
        run("openstack", "network", "create", "green");
        run("openstack", "subnet", "create", "--network", "green", "--subnet-range", "10.40.0.0/24", "green-subnet");
        run("openstack", "network", "create", "yellow");
        run("openstack", "subnet", "create", "--network", "yellow", "--subnet-range", "10.50.0.0/24",
                "yellow-subnet");
        // What the host may send to a guest's test port: the default group lets in only its members.
        String rule = JSON.readTree(run("openstack", "security", "group", "rule", "create", "--protocol", "tcp",
                "--dst-port", "7000", "--remote-ip", "172.24.4.0/24", "default", "-f", "json").stdout())
                .path("id").asText();

        String green = createServer("green-one", "net-id=" + networkId("green") + ",v4-fixed-ip=10.40.0.10", "");
        String yellow = createServer("yellow-one", "net-id=" + networkId("yellow") + ",v4-fixed-ip=10.50.0.10",
                "watch 10.40.0.10\n");
        cloud.awaitConsole(green, log -> reports(log).contains("ready"), Duration.ofSeconds(300));
        cloud.awaitConsole(yellow, log -> reports(log).contains("reach 10.40.0.10 fail"), Duration.ofSeconds(300));
        Thread.sleep(5000);
        assertThat(reports(consoleLog(yellow))).as("no router joins the networks yet")
                .doesNotContain("reach 10.40.0.10 ok");

        run("openstack", "router", "create", "r1");
        run("openstack", "router", "add", "subnet", "r1", "green-subnet");
        run("openstack", "router", "add", "subnet", "r1", "yellow-subnet");
        cloud.awaitConsole(yellow, log -> reports(log).contains("reach 10.40.0.10 ok"), Duration.ofSeconds(60));

        // A service on the host's end of the external network: reached from a guest with no floating IP only once
        // the router has its gateway, through SNAT to the gateway's address (README: nothing beyond that address).
        assertThat(reports(consoleLog(yellow))).as("no gateway yet").doesNotContain("host from-172.24.4.1");
        run("openstack", "router", "set", "--external-gateway", "public", "r1");
        String gateway = JSON.readTree(run("openstack", "router", "show", "r1", "-f", "json").stdout())
                .at("/external_gateway_info/external_fixed_ips/0/ip_address").asText();
        assertThat(gateway).startsWith("172.24.4.");
        cloud.awaitConsole(yellow, log -> reports(log).contains("host from-" + gateway), Duration.ofSeconds(60));
        String address = JSON.readTree(run("openstack", "floating", "ip", "create", "public", "-f", "json").stdout())
                .path("floating_ip_address").asText();
        assertThat(address).startsWith("172.24.4.");
        assertThat(answerOf(address)).as("a floating IP that leads nowhere").isEmpty();
        String greenPort = cloud.api("GET", "/network/v2.0/ports?device_id=" + green, null).json()
                .at("/ports/0/id").asText();
        run("openstack", "floating", "ip", "set", "--port", greenPort, address);
        assertThat(awaitAnswer(address, "hello-from-10.40.0.10")).isEqualTo("hello-from-10.40.0.10");

        // A restart of Stackbox with the guests running keeps the routers: rebuilt from the database, still answering.
        List<String> routerNamespaces = routerNamespaces();
        assertThat(routerNamespaces).hasSize(1);
        cloud.restart();
        assertThat(routerNamespaces()).isEqualTo(routerNamespaces);
        assertThat(answerOf(address)).as("the floating IP after a restart").isEqualTo("hello-from-10.40.0.10");

        // The rule that lets the host in, removed, cuts new connections; made again, lets them through again.
        run("openstack", "security", "group", "rule", "delete", rule);
        assertThat(answerOf(address)).as("without the rule that lets the host in").isEmpty();
        run("openstack", "security", "group", "rule", "create", "--protocol", "tcp", "--dst-port", "7000",
                "--remote-ip", "172.24.4.0/24", "default");
        assertThat(awaitAnswer(address, "hello-from-10.40.0.10")).isEqualTo("hello-from-10.40.0.10");

        run("openstack", "floating", "ip", "unset", "--port", address);
        assertThat(answerOf(address)).as("disassociated").isEmpty();
        // Nova's way to the same: server add/remove floating ip.
        run("openstack", "server", "add", "floating", "ip", green, address);
        assertThat(awaitAnswer(address, "hello-from-10.40.0.10")).as("added to the server")
                .isEqualTo("hello-from-10.40.0.10");
        run("openstack", "server", "remove", "floating", "ip", green, address);
        assertThat(answerOf(address)).as("removed from the server").isEmpty();

        // Everything deleted: no router namespace is left, and after a clean stop no link of the cloud on the host.
        run("openstack", "floating", "ip", "delete", address);
        run("openstack", "server", "delete", "--wait", "green-one", "yellow-one");
        run("openstack", "router", "remove", "subnet", "r1", "green-subnet");
        run("openstack", "router", "remove", "subnet", "r1", "yellow-subnet");
        run("openstack", "router", "delete", "r1");
        run("openstack", "network", "delete", "green", "yellow", "public");
        assertThat(HostState.now().namespaces()).as("the router's namespace went with it")
                .noneMatch(name -> name.startsWith(namespace + "-"));
        cloud.stop();
        cloud = null;
        HostState after = HostState.now();
        assertThat(after.namespaces()).noneMatch(name -> name.startsWith(namespace));
        assertThat(after.veths(null)).as("the host's end of the external network's veth pair")
                .noneMatch(name -> name.startsWith("sbx") && !hostVethsBefore.contains(name));
    }

    private static List<String> routerNamespaces() throws Exception {
        return HostState.now().namespaces().stream().filter(name -> name.startsWith(namespace + "-")).toList();
    }

    /** What a connection to {@code address}:7000 from the host reads, or "" when none is made. */
    private static String answerOf(String address) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, 7000), 3000);
            socket.setSoTimeout(5000);
            InputStream input = socket.getInputStream();
            return new String(input.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static String awaitAnswer(String address, String wanted) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        String answer = answerOf(address);
        while (!answer.equals(wanted) && Instant.now().isBefore(deadline)) {
            Thread.sleep(1000);
            answer = answerOf(address);
        }
        return answer;
    }

    /** A TCP service on the host that answers each connection with {@code from-<the address it came from>}. */
    private static final class HostService implements AutoCloseable {
        private final ServerSocket socket;

        private HostService(ServerSocket socket) {
            this.socket = socket;
            Thread accepting = new Thread(this::answer, "host-service");
            accepting.setDaemon(true);
            accepting.start();
        }

        /** Binds once the address exists on the host (the external network's veth comes with its subnet). */
        static HostService on(String address, int port) throws Exception {
            Instant deadline = Instant.now().plusSeconds(30);
            while (true) {
                ServerSocket socket = new ServerSocket();
                try {
                    socket.bind(new InetSocketAddress(address, port));
                    return new HostService(socket);
                } catch (IOException e) {
                    socket.close();
                    if (Instant.now().isAfter(deadline)) {
                        throw e;
                    }
                    Thread.sleep(200);
                }
            }
        }

        private void answer() {
            while (!socket.isClosed()) {
                try (Socket client = socket.accept()) {
                    client.getOutputStream().write(("from-" + client.getInetAddress().getHostAddress() + "\n")
                            .getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // closed, or a client that went away
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static String createServer(String name, String nic, String userData) throws Exception {
        return BridgedGuests.createServer(cloud, admin, imageId, name, nic, userData);
    }

    private static String consoleLog(String serverId) throws Exception {
        return run("openstack", "console", "log", "show", serverId).stdout();
    }

    private static String networkId(String name) throws Exception {
        return BridgedGuests.networkId(cloud, admin, name);
    }

    private static Cli.Result run(String... command) throws Exception {
        return cloud.run(admin, command).requireSuccess();
    }

    private static List<String> reports(String consoleLog) {
        return BridgedGuests.reports(consoleLog);
    }
}
