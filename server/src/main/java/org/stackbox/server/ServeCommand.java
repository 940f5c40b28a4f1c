package org.stackbox.server;

import org.stackbox.compute.AuditPeriod;
import org.stackbox.database.DatabaseUrl;
import org.stackbox.identity.NewPassword;
import org.stackbox.identity.PasswordHasher;
import org.stackbox.virt.qemu.AcceleratorPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/** {@code stackbox serve}: the whole cloud in this process until Ctrl-C or SIGTERM. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Start Stackbox and serve until stopped.")
final class ServeCommand implements Callable<Integer> {
    private final Supplier<NewPassword> newAdminPassword;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8700",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where Stackbox keeps its state (default: ~/.local/share/stackbox).")
    Path dataDir;

    @Option(names = "--database", paramLabel = "URL",
            description = "postgresql://user:password@host:port/database instead of the SQLite file in the data directory.")
    String database;

    @Option(names = "--public-url", paramLabel = "URL",
            description = "The URL clients reach Stackbox at, for the service catalog (default: http://HOST:PORT).")
    String publicUrl;

    @Option(names = "--token-lifetime", paramLabel = "DURATION", defaultValue = "PT1H",
            description = "How long a token is valid, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration tokenLifetime;

    @Option(names = "--console-token-lifetime", paramLabel = "DURATION", defaultValue = "PT10M",
            description = "How long a console URL opens the console, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration consoleTokenLifetime;

    @Option(names = "--qemu", paramLabel = "PATH",
            description = "The QEMU system emulator that runs servers (default: " + CloudConfig.DEFAULT_QEMU + ").")
    String qemu;

    @Option(names = "--accelerator", paramLabel = "auto|kvm|tcg", defaultValue = "${env:STACKBOX_ACCELERATOR:-auto}",
            description = "KVM or TCG for servers; auto takes KVM where it really works here"
                    + " (default: ${DEFAULT-VALUE}, from STACKBOX_ACCELERATOR when set).")
    String accelerator;

    @Option(names = "--forward-ports", paramLabel = "FIRST-LAST", defaultValue = "${env:STACKBOX_FORWARD_PORTS}",
            description = "The host ports that forwards to guests take, such as each server's SSH forward"
                    + " (default: STACKBOX_FORWARD_PORTS when set, else 22000-22999).")
    String forwardPorts;

    @Option(names = "--network-mode", paramLabel = "user|bridged", defaultValue = "${env:STACKBOX_NETWORK_MODE:-user}",
            description = "user: each card a QEMU user-mode network of its own, no privilege needed; bridged: a bridge"
                    + " per network and a tap per port in a namespace of this cloud, with DHCP, guests on one network"
                    + " reach each other (needs root or CAP_NET_ADMIN) (default: ${DEFAULT-VALUE}, from"
                    + " STACKBOX_NETWORK_MODE when set).")
    String networkMode;

    @Option(names = "--instance-usage-audit-period", paramLabel = "hour|day|month|year[@OFFSET]",
            defaultValue = "${env:STACKBOX_INSTANCE_USAGE_AUDIT_PERIOD:-month}",
            description = "The period of the instance usage audit, as Nova's instance_usage_audit_period: day@18 begins"
                    + " at 18:00 UTC, month@15 on the 15th (default: ${DEFAULT-VALUE}, from"
                    + " STACKBOX_INSTANCE_USAGE_AUDIT_PERIOD when set).")
    String usageAuditPeriod;

    ServeCommand() {
        this(() -> NewPassword.generate(new PasswordHasher()));
    }

    /** {@code newAdminPassword} is asked for only on a first start, when the admin user is made. */
    ServeCommand(Supplier<NewPassword> newAdminPassword) {
        this.newAdminPassword = newAdminPassword;
    }

    @Override
    public Integer call() throws Exception {
        ListenAddress address = ListenAddress.parse(listen);
        Path qemuBinary = CloudConfig.parseQemu(qemu);
        AcceleratorPolicy acceleratorPolicy = CloudConfig.parseAccelerator(accelerator);
        PortRange forwardPortRange = CloudConfig.parseForwardPorts(forwardPorts);
        NetworkMode mode = NetworkMode.parse(networkMode);
        AuditPeriod auditPeriod = CloudConfig.parseAuditPeriod(usageAuditPeriod);
        if (mode == NetworkMode.BRIDGED && !NetworkMode.mayMakeNetworkDevices()) {
            throw new IllegalArgumentException("--network-mode bridged makes network devices, which needs root or"
                    + " CAP_NET_ADMIN; this process has neither (use --network-mode user)");
        }
        Path directory = dataDir != null ? dataDir : DataDirectory.defaultLocation();
        boolean defaultDirectory = dataDir == null;
        try (DataDirectory data = DataDirectory.open(directory)) {
            DatabaseUrl databaseUrl = database != null ? DatabaseUrl.parse(database) : DatabaseUrl.sqlite(data.databaseFile());
            String url = publicUrl != null ? stripTrailingSlash(publicUrl) : address.url();
            CountDownLatch stopped = new CountDownLatch(1);
            try (Cloud cloud = Cloud.start(new CloudConfig(address, url, databaseUrl, tokenLifetime,
                    consoleTokenLifetime, qemuBinary, acceleratorPolicy, forwardPortRange, mode, auditPeriod), data,
                    newAdminPassword)) {
                ClientFiles files = ClientFiles.write(data, cloud, defaultDirectory);
                System.out.println(readyMessage(url, data, files));
                System.out.flush();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    cloud.close();
                    data.close();
                    stopped.countDown();
                }, "stackbox-shutdown"));
                stopped.await();
            }
        }
        return 0;
    }

    private static String readyMessage(String url, DataDirectory data, ClientFiles files) {
        return """
                Stackbox is serving on %s (data in %s)
                  For openstack:              export OS_CLIENT_CONFIG_FILE=%s OS_CLOUD=stackbox
                  For nova, glance, cinder:   source %s
                  Try:                        openstack --os-cloud stackbox catalog list
                Stop with Ctrl-C.""".formatted(url, data.root(), files.cloudsYaml(), files.openrc());
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
