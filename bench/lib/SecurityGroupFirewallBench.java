import org.stackbox.common.auth.Caller;
import org.stackbox.common.net.Ipv4Cidr;
import org.stackbox.database.Database;
import org.stackbox.database.DatabaseUrl;
import org.stackbox.network.IpPrefix;
import org.stackbox.network.NetworkCommands.NewNetwork;
import org.stackbox.network.NetworkCommands.NewPort;
import org.stackbox.network.NetworkCommands.NewSecurityGroupRule;
import org.stackbox.network.NetworkCommands.NewSubnet;
import org.stackbox.network.NetworkCommands.SecurityRequest;
import org.stackbox.network.NetworkConfig;
import org.stackbox.network.NetworkModule;
import org.stackbox.network.Protocols;
import org.stackbox.network.firewall.FirewallPort;
import org.stackbox.network.firewall.SecurityGroupFirewall;
import org.stackbox.network.model.Network;
import org.stackbox.network.model.Port;
import org.stackbox.network.model.SecurityGroupRule;
import org.stackbox.network.model.SecurityGroupRule.Direction;
import org.stackbox.network.model.SecurityGroupRule.Ethertype;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Time to apply a security-group rule change to the ports of a namespace: 50 ports in the default group, each a veth
 * end on a bridge in a namespace made here; a rule is added to (then removed from) the group through the network
 * service and the firewall rewrites that group's chains in one nft transaction. Baseline, in the same run: the whole
 * ruleset for the same 50 ports written in one transaction. Median of RUNS each. Needs root.
 */
public class SecurityGroupFirewallBench {
    private static final int PORTS = 50;
    private static final int RUNS = 21;

    public static void main(String[] args) throws Exception {
        if (!"root".equals(ProcessHandle.current().info().user().orElse(""))) {
            System.out.println("security-groups: skipped, needs root (network namespaces and nftables)");
            return;
        }
        Path directory = Files.createTempDirectory("sg-bench");
        String namespace = "sgbench" + UUID.randomUUID().toString().substring(0, 6);
        run("ip", "netns", "add", namespace);
        try (Database database = new Database(DatabaseUrl.sqlite(directory.resolve("stackbox.db")))) {
            database.migrate("network");
            NetworkModule module = new NetworkModule(database.jdbi(), NetworkConfig.defaults(), "http://127.0.0.1/network",
                    (device, project) -> false);
            Caller member = new Caller("user-bench", "bench", "default", "project-bench", "project-bench", null,
                    Set.of("member", "reader"), Instant.MAX);
            Network network = module.networks().createNetwork(member, new NewNetwork(Optional.empty(), "bench", "",
                    true, false, false, Optional.empty()));
            module.networks().createSubnet(member, new NewSubnet(Optional.empty(), network.id(), "", "",
                    Ipv4Cidr.parse("10.62.0.0/24"), Optional.empty(), true, Optional.empty(), List.of(), List.of()));
            run("ip", "-n", namespace, "link", "add", "br-bench", "type", "bridge");
            List<FirewallPort> ports = new ArrayList<>();
            for (int index = 0; index < PORTS; index++) {
                Port port = module.portService().createPort(member, new NewPort(Optional.empty(), network.id(), "", "",
                        true, Optional.empty(), Optional.empty(), "", "", SecurityRequest.UNSPECIFIED));
                String device = "tap" + index;
                run("ip", "-n", namespace, "link", "add", device, "type", "veth", "peer", "name", "peer" + index);
                run("ip", "-n", namespace, "link", "set", device, "master", "br-bench", "up");
                ports.add(new FirewallPort(port, device, "br-bench"));
            }
            SecurityGroupFirewall firewall = new SecurityGroupFirewall(module.securityGroups());
            String group = ports.get(0).port().security().securityGroupIds().get(0);
            double[] whole = new double[RUNS];
            double[] change = new double[RUNS];
            double[] transaction = new double[RUNS];
            for (int run = 0; run < RUNS; run++) {
                long start = System.nanoTime();
                firewall.apply(namespace, ports);
                whole[run] = (System.nanoTime() - start) / 1e6;
                start = System.nanoTime();
                SecurityGroupRule rule = module.securityGroups().createRule(member, new NewSecurityGroupRule(
                        Optional.empty(), group, Direction.INGRESS, Ethertype.IPV4, Protocols.convert("tcp"),
                        Optional.of(8000 + run), Optional.of(8000 + run), IpPrefix.parse("192.0.2.0/24"),
                        Optional.empty(), ""));
                long applying = System.nanoTime();
                firewall.groupsChanged(namespace, ports, List.of(group));
                change[run] = (System.nanoTime() - start) / 1e6;
                transaction[run] = (System.nanoTime() - applying) / 1e6;
                module.securityGroups().deleteRule(member, rule.id());
                firewall.groupsChanged(namespace, ports, List.of(group));
            }
            double changed = median(change);
            double rewritten = median(whole);
            System.out.printf("RESULT|rule added to the default group of %d ports: API create and nft transaction "
                    + "(median of %d)|%.1f|ms|whole ruleset for the %d ports in one transaction|%.1f|%.2f|under 100 ms%n",
                    PORTS, RUNS, changed, PORTS, rewritten, changed / rewritten);
            System.out.printf("RESULT|the same change, nft transaction alone (the group's chains and sets, median of "
                    + "%d)|%.1f|ms|whole ruleset for the %d ports in one transaction|%.1f|%.2f|under 100 ms%n",
                    RUNS, median(transaction), PORTS, rewritten, median(transaction) / rewritten);
        } finally {
            run("ip", "netns", "del", namespace);
            try (var files = Files.walk(directory)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }
}
