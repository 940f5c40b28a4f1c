package org.stackbox.network;

import org.stackbox.common.auth.Caller;
import org.stackbox.common.net.Ipv4Cidr;
import org.stackbox.database.Database;
import org.stackbox.database.DatabaseUrl;
import org.stackbox.network.NetworkCommands.NewSubnet;
import org.stackbox.network.model.Network;
import org.stackbox.network.model.Subnet;
import org.stackbox.network.spi.NeutronException;
import org.stackbox.network.spi.NeutronFault;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The network service on a real database, with the callers the tests use. */
final class NetworkFixture implements AutoCloseable {
    static final Caller ADMIN = caller("admin", "project-admin", "admin", "member", "reader");
    static final Caller MEMBER = caller("alice", "project-a", "member", "reader");
    static final Caller OTHER = caller("bob", "project-b", "member", "reader");

    final Database database;
    final NetworkModule module;
    /** The servers that exist, by id, with their project: what the network service may ask about devices. */
    final Map<String, String> servers = new ConcurrentHashMap<>();

    NetworkFixture(DatabaseUrl url, NetworkConfig config) {
        this.database = new Database(url);
        database.migrate("network");
        this.module = new NetworkModule(database.jdbi(), config, "http://127.0.0.1/network",
                (deviceId, projectId) -> projectId.equals(servers.get(deviceId)),
                new TftpRoots(java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "stackbox-network-tftp")));
    }

    NetworkService networks() {
        return module.networks();
    }

    PortService ports() {
        return module.portService();
    }

    /** A subnet of {@code cidr} on {@code network}, without DHCP, its gateway the first address. */
    Subnet subnet(Caller caller, Network network, String cidr) {
        return networks().createSubnet(caller, new NewSubnet(Optional.empty(), network.id(), "", "",
                Ipv4Cidr.parse(cidr), Optional.empty(), false, Optional.empty(), List.of(), List.of()));
    }

    /** {@code call} fails with {@code fault} and a message containing {@code message}. */
    static void assertFault(Runnable call, NeutronFault fault, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(NeutronException.class, failure -> {
            assertThat(failure.fault()).isEqualTo(fault);
            assertThat(failure.getMessage()).contains(message);
        });
    }

    static Caller caller(String name, String projectId, String... roles) {
        return new Caller("user-" + name, name, "default", projectId, projectId, null, Set.of(roles), Instant.MAX);
    }

    @Override
    public void close() {
        database.close();
    }
}
