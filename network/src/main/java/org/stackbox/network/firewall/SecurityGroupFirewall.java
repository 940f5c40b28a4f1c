package org.stackbox.network.firewall;

import org.stackbox.common.process.ChildProcesses;
import org.stackbox.network.SecurityGroupService;
import org.stackbox.network.model.SecurityGroup;
import org.stackbox.network.model.SecurityGroupRule;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Enforces ports' security groups, anti-spoofing and port security with nftables inside a network namespace that
 * Stackbox owns (see {@link NftRuleset} for the ruleset). The bridged network mode calls it whenever what it
 * enforces changes:
 * <ul>
 *   <li>{@link #apply(String, List)} after ports come or go, or change their groups, addresses or port security:
 *       the whole ruleset, replaced in one {@code nft} transaction (no moment without rules);</li>
 *   <li>{@link #groupsChanged(String, List, Collection)} after rules of groups change: only those groups' chains
 *       and the member sets they name, also in one transaction;</li>
 *   <li>{@link #remove(String)} when the namespace's networking goes.</li>
 * </ul>
 * The ports given are all the ports whose devices are in the namespace (every network of it), with the device and
 * bridge names the caller chose. The rules and groups are read from the database at each call. Each call runs
 * {@code ip netns exec NAMESPACE nft -f -} and needs root (or CAP_NET_ADMIN); a refused ruleset is an
 * {@link IllegalStateException} with nft's message, and the previous ruleset stays whole.
 */
public final class SecurityGroupFirewall {
    private static final long TIMEOUT_SECONDS = 30;
    /**
     * Bridged IPv4 and IPv6 packets pass the inet hooks, where connection tracking works, only with the namespace's
     * bridge netfilter switches on (they are per namespace; the host's stay as they are).
     */
    private static final String BRIDGE_NETFILTER =
            "sysctl -q -w net.bridge.bridge-nf-call-iptables=1 net.bridge.bridge-nf-call-ip6tables=1";

    private final SecurityGroupService securityGroups;

    public SecurityGroupFirewall(SecurityGroupService securityGroups) {
        this.securityGroups = requireNonNull(securityGroups, "securityGroups is null");
    }

    /** Writes the whole ruleset for {@code ports} into {@code namespace}, replacing the previous one atomically. */
    public void apply(String namespace, List<FirewallPort> ports) {
        Set<String> groupIds = new LinkedHashSet<>();
        ports.forEach(port -> groupIds.addAll(port.port().security().securityGroupIds()));
        Map<String, SecurityGroup> groups = new HashMap<>();
        Map<String, List<SecurityGroupRule>> rules = new HashMap<>();
        for (String groupId : groupIds) {
            securityGroups.find(groupId).ifPresent(group -> groups.put(groupId, group));
            rules.put(groupId, securityGroups.rulesOf(groupId));
        }
        // One process: the namespace's bridge netfilter switches, then the ruleset.
        execute(List.of("ip", "netns", "exec", namespace, "sh", "-c", BRIDGE_NETFILTER + " && nft -f -"),
                NftRuleset.full(ports, groups, rules));
    }

    /**
     * Rewrites the chains of {@code changedGroups} after their rules changed; {@code ports} are the namespace's ports
     * as last given to {@link #apply}.
     */
    public void groupsChanged(String namespace, List<FirewallPort> ports, Collection<String> changedGroups) {
        Map<String, List<SecurityGroupRule>> rules = new HashMap<>();
        for (String groupId : changedGroups) {
            rules.put(groupId, securityGroups.rulesOf(groupId));
        }
        run(namespace, NftRuleset.groupsChanged(changedGroups, ports, rules));
    }

    /** Removes Stackbox's tables from the namespace; nothing to do when they are not there. */
    public void remove(String namespace) {
        run(namespace, NftRuleset.removal());
    }

    private static void run(String namespace, String script) {
        execute(List.of("ip", "netns", "exec", namespace, "nft", "-f", "-"), script);
    }

    private static void execute(List<String> command, String input) {
        try {
            Path errors = Files.createTempFile("stackbox-nft", ".err");
            try {
                Process process = ChildProcesses.dyingWithStackbox(new ArrayList<>(command))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(errors.toFile()).start();
                try (OutputStream stdin = process.getOutputStream()) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish in "
                            + TIMEOUT_SECONDS + " s");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed: "
                            + Files.readString(errors).strip());
                }
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + String.join(" ", command), e);
        }
    }
}
