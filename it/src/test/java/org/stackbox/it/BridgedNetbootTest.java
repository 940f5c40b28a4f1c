package org.stackbox.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Network boot in bridged mode: the network's dnsmasq answers the port's {@code bootfile-name} (Neutron's
 * {@code extra_dhcp_opts}) and serves the port's subnet's TFTP directory, the same directories and commands as in
 * user mode. One network holds two subnets, each with its own directory: a server on the first installs the
 * {@link InstallerIso} installer from it onto its blank volume; a server on the second asking for a file that only the
 * first subnet's directory holds gets nothing (dnsmasq's log says so), although one dnsmasq serves both. Needs root.
 */
@Timeout(1200)
class BridgedNetbootTest {
    private static final String FLAVOR = "m1.tiny";
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);

    @TempDir
    static Path work;

    static CloudUnderTest cloud;
    static Map<String, String> admin;
    static String network;
    static String firstSubnet;
    static String secondSubnet;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(HostState.isRoot(), "bridged networks make network devices, which needs root (CI runs as root)");
        Path installer = InstallerIso.netbootFiles();
        cloud = CloudUnderTest.start(work, "--network-mode", "bridged");
        admin = cloud.admin();
        network = id(run("openstack", "network", "create", "pxe"));
        firstSubnet = id(run("openstack", "subnet", "create", "--network", network, "--subnet-range",
                "10.30.1.0/24", "pxe-first"));
        secondSubnet = id(run("openstack", "subnet", "create", "--network", network, "--subnet-range",
                "10.30.2.0/24", "pxe-second"));
        Path root = Files.createDirectories(cloud.dataDir().resolve("tftp").resolve(firstSubnet));
        for (String file : new String[] {"vmlinuz", "install.img", "system.img"}) {
            Files.copy(installer.resolve(file), root.resolve(file));
        }
        Files.writeString(root.resolve("first.ipxe"), """
                #!ipxe
                kernel vmlinuz console=tty0 console=ttyS0,115200 panic=-1 quiet stackbox.netboot=bridged
                initrd install.img
                initrd system.img
                boot
                """);
        Files.createDirectories(cloud.dataDir().resolve("tftp").resolve(secondSubnet));
    }

    @AfterAll
    static void stop() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void dnsmasqServesEachPortItsOwnSubnetsBootFileAndNothingOfAnotherSubnet() throws Exception {
        String first = id(run("openstack", "port", "create", "--network", network, "--fixed-ip",
                "subnet=" + firstSubnet, "--extra-dhcp-option", "name=bootfile-name,value=first.ipxe", "pxe-first"));
        String server = ComputeClientTest.field(run("nova", "boot", "--flavor", FLAVOR, "--block-device",
                "source=blank,dest=volume,size=1,shutdown=remove,bootindex=0", "--nic", "port-id=" + first, "--meta",
                "stackbox:boot_order=disk,network", "bridged-netboot"), "id");
        Instant started = Instant.now();
        cloud.awaitStatus(server, "SHUTOFF", INSTALL_TIMEOUT);
        System.out.printf("bridged netboot install: %d s from create to SHUTOFF%n",
                Duration.between(started, Instant.now()).toSeconds());
        assertThat(cloud.consoleOutput(server)).contains(InstallerIso.INSTALLER_STARTED, "stackbox.netboot=bridged",
                InstallerIso.INSTALL_DONE).doesNotContain(InstallerIso.INSTALL_FAILED);
        String firstAddress = fixedIp(first);
        assertThat(dnsmasqLog()).contains("sent " + cloud.dataDir().resolve("dhcp").resolve(network)
                .resolve("tftp").resolve(firstAddress).resolve("first.ipxe") + " to " + firstAddress);

        // The same name from the second subnet: its own directory does not hold it, and the first's is not its root.
        String second = id(run("openstack", "port", "create", "--network", network, "--fixed-ip",
                "subnet=" + secondSubnet, "--extra-dhcp-option", "name=bootfile-name,value=first.ipxe",
                "pxe-second"));
        String secondAddress = fixedIp(second);
        String other = ComputeClientTest.field(run("nova", "boot", "--flavor", FLAVOR, "--block-device",
                "source=blank,dest=volume,size=1,shutdown=remove,bootindex=0", "--nic", "port-id=" + second,
                "--meta", "stackbox:boot_order=disk,network", "bridged-netboot-other"), "id");
        cloud.awaitStatus(other, "ACTIVE", Duration.ofMinutes(2));
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (!dnsmasqLog().contains("first.ipxe not found for " + secondAddress)) {
            assertThat(Instant.now()).as("iPXE of the second subnet's server asks for first.ipxe").isBefore(deadline);
            Thread.sleep(500);
        }
        assertThat(dnsmasqLog().lines())
                .noneMatch(line -> line.contains("sent ") && line.endsWith(" to " + secondAddress));
        assertThat(cloud.consoleOutput(other)).doesNotContain(InstallerIso.INSTALLER_STARTED);

        run("openstack", "server", "delete", "--wait", server, other);
        run("openstack", "port", "delete", first, second);
        assertThat(cloud.dataDir().resolve("dhcp").resolve(network).resolve("tftp")).isEmptyDirectory();
    }

    /**
     * Netboot from the image service in bridged mode: the server's port on the default network (which holds the
     * metadata address) is handed the script URL by dnsmasq, and the server's own metadata socket serves the script
     * and the images' data, through the network's metadata proxy.
     */
    @Test
    void theInstallerBootsFromTheImageServiceOverHttpThroughTheMetadataProxy() throws Exception {
        List<String> images = NetbootTest.uploadInstallerImages(cloud, admin, work);
        System.out.printf("bridged netboot from the image service: %d s from create to SHUTOFF%n",
                NetbootTest.installFromImages(cloud, admin, images, "bridged-netboot-images").toSeconds());
    }

    private static String dnsmasqLog() throws IOException {
        Path log = cloud.dataDir().resolve("dhcp").resolve(network).resolve("log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private static String fixedIp(String port) throws Exception {
        String shown = run("openstack", "port", "show", "-f", "value", "-c", "fixed_ips", port).stdout();
        return shown.replaceAll("(?s).*ip_address'?: ?'([0-9.]+)'.*", "$1").trim();
    }

    private static Cli.Result run(String... command) throws Exception {
        return cloud.run(admin, command).requireSuccess();
    }

    private static String id(Cli.Result result) {
        return ComputeClientTest.field(result, "id");
    }
}
