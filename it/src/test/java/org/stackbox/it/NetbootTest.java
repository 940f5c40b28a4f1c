package org.stackbox.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Network (PXE) boot through the API, with the official clients and real QEMU: the article's last section made real.
 * Two subnets keep TFTP directories of their own, each with the installer of {@link InstallerIso} (its kernel, its
 * initramfs and a second initrd with the system it installs) and an iPXE script that boots it with a kernel argument
 * naming the subnet, so that the serial console tells which subnet's files a server booted. QEMU's own DHCP names
 * the port's boot file ({@code extra_dhcp_opts} {@code bootfile-name}) and its own TFTP server serves the subnet's
 * directory; the iPXE ROM is Debian's ({@code ipxe-qemu}).
 */
@Timeout(1200)
class NetbootTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FLAVOR = "m1.tiny";
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final String BOOT_ORDER = "stackbox:boot_order";

    @TempDir
    static Path work;

    static CloudUnderTest cloud;
    static Map<String, String> admin;
    static String blueNetwork;
    static String blueSubnet;
    static String greenNetwork;
    static String greenSubnet;

    @BeforeAll
    static void start() throws Exception {
        Path installer = InstallerIso.netbootFiles();
        cloud = CloudUnderTest.start(work);
        admin = cloud.admin();
        blueNetwork = id(run("openstack", "network", "create", "netboot-blue"));
        blueSubnet = id(run("openstack", "subnet", "create", "--network", blueNetwork, "--subnet-range",
                "10.20.1.0/24", "netboot-blue-subnet"));
        greenNetwork = id(run("openstack", "network", "create", "netboot-green"));
        greenSubnet = id(run("openstack", "subnet", "create", "--network", greenNetwork, "--subnet-range",
                "10.20.2.0/24", "netboot-green-subnet"));
        for (String[] subnet : new String[][] {{blueSubnet, "blue"}, {greenSubnet, "green"}}) {
            Path root = Files.createDirectories(tftpRoot(subnet[0]));
            for (String file : new String[] {"vmlinuz", "install.img", "system.img"}) {
                Files.copy(installer.resolve(file), root.resolve(file));
            }
            Files.writeString(root.resolve("boot.ipxe"), """
                    #!ipxe
                    kernel vmlinuz console=tty0 console=ttyS0,115200 panic=-1 quiet stackbox.netboot=%s
                    initrd install.img
                    initrd system.img
                    boot
                    """.formatted(subnet[1]));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    /**
     * The article's case: a server whose only disk is a blank volume, with the boot order disk then network, falls
     * through to PXE, boots the installer from its subnet, installs onto the volume and powers off; started again,
     * it boots the installed system from the volume, and the installer does not run again although the boot file
     * is still served.
     */
    @Test
    void aBlankDiskFallsThroughToTheNetworkAndTheInstalledDiskBootsAfterwards() throws Exception {
        String port = id(run("openstack", "port", "create", "--network", blueNetwork, "--extra-dhcp-option",
                "name=bootfile-name,value=boot.ipxe", "pxe-blue"));
        JsonNode shown = JSON.readTree(run("openstack", "port", "show", "-f", "json", port).stdout());
        assertThat(shown.path("extra_dhcp_opts").toString()).contains("bootfile-name", "boot.ipxe");

        String server = ComputeClientTest.field(run("nova", "boot", "--flavor", FLAVOR, "--block-device",
                "source=blank,dest=volume,size=1,shutdown=remove,bootindex=0", "--nic", "port-id=" + port, "--meta",
                BOOT_ORDER + "=disk,network", "netboot-installer"), "id");
        assertThat(JSON.readTree(run("openstack", "server", "show", "-f", "json", server).stdout())
                .path("properties").toString()).contains(BOOT_ORDER, "disk,network");
        Instant started = Instant.now();
        cloud.awaitStatus(server, "SHUTOFF", INSTALL_TIMEOUT);
        Duration installed = Duration.between(started, Instant.now());
        String log = cloud.consoleOutput(server);
        assertThat(log).contains(InstallerIso.INSTALLER_STARTED, "stackbox.netboot=blue", InstallerIso.INSTALL_DONE)
                .doesNotContain(InstallerIso.INSTALL_FAILED);
        System.out.printf("netboot install: %d s from create to SHUTOFF%n", installed.toSeconds());

        run("openstack", "server", "start", server);
        cloud.awaitConsole(server, output -> output.contains(InstallerIso.SYSTEM_BOOTED), Duration.ofMinutes(3));
        assertThat(occurrences(cloud.consoleOutput(server), InstallerIso.INSTALLER_STARTED))
                .as("the installer ran once: the second boot did not touch the network").isEqualTo(1);

        run("openstack", "server", "delete", "--wait", server);
        run("openstack", "port", "delete", port);
    }

    /**
     * Network boot off (the default) never netboots, even with a boot file served; the order changed while the
     * server is off and kept across a restart of Stackbox applies at its next start, where the server boots its own
     * subnet's installer.
     */
    @Test
    void networkBootOffNeverNetbootsAndAnOrderSetBeforeARestartAppliesAtTheNextStart() throws Exception {
        String port = id(run("openstack", "port", "create", "--network", greenNetwork, "--extra-dhcp-option",
                "name=bootfile-name,value=boot.ipxe", "pxe-green"));
        String server = ComputeClientTest.field(run("nova", "boot", "--flavor", FLAVOR, "--block-device",
                "source=blank,dest=volume,size=1,shutdown=remove,bootindex=0", "--nic", "port-id=" + port,
                "netboot-off"), "id");
        cloud.awaitStatus(server, "ACTIVE", Duration.ofMinutes(2));
        // The network boot above reached the installer well within this time, on the same host.
        Thread.sleep(Duration.ofSeconds(60).toMillis());
        assertThat(cloud.consoleOutput(server)).doesNotContain(InstallerIso.INSTALLER_STARTED);

        Cli.Result refused = cloud.run(admin, "openstack", "server", "set", "--property", BOOT_ORDER + "=floppy",
                server);
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.output()).contains("Invalid " + BOOT_ORDER + " 'floppy'");

        run("openstack", "server", "stop", server);
        cloud.awaitStatus(server, "SHUTOFF", Duration.ofMinutes(2));
        run("openstack", "server", "set", "--property", BOOT_ORDER + "=network,disk", server);
        cloud.restart();

        run("openstack", "server", "start", server);
        cloud.awaitStatus(server, "SHUTOFF", INSTALL_TIMEOUT);
        assertThat(cloud.consoleOutput(server)).contains(InstallerIso.INSTALLER_STARTED, "stackbox.netboot=green",
                InstallerIso.INSTALL_DONE).doesNotContain("stackbox.netboot=blue");

        run("openstack", "server", "delete", "--wait", server);
        run("openstack", "port", "delete", port);
    }

    /**
     * The installer held by the image service (its kernel as an {@code aki} image, its two initrds as one
     * {@code ari} image) boots over HTTP from Stackbox itself: the server names the images in its metadata, QEMU's
     * DHCP hands iPXE the URL of a script on the metadata address, and the server's own metadata socket serves the
     * script and the images' data.
     */
    @Test
    void theInstallerBootsFromTheImageServiceOverHttp() throws Exception {
        List<String> images = uploadInstallerImages(cloud, admin, work);

        Cli.Result refused = cloud.run(admin, "nova", "boot", "--flavor", FLAVOR, "--block-device",
                "source=blank,dest=volume,size=1,shutdown=remove,bootindex=0", "--nic",
                "net-id=" + cloud.defaultNetworkId(), "--meta", "stackbox:netboot_kernel=" + images.get(1), "--meta",
                "stackbox:netboot_initrd=" + images.get(1), "not-a-kernel");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.output()).contains("stackbox:netboot_kernel must name an active image with disk_format aki");

        System.out.printf("netboot install over HTTP: %d s from create to SHUTOFF%n",
                installFromImages(cloud, admin, images, "netboot-images").toSeconds());
    }

    /** Uploads the installer's kernel as an {@code aki} image and its two initrds as one {@code ari} image; their ids. */
    static List<String> uploadInstallerImages(CloudUnderTest cloud, Map<String, String> admin, Path work)
            throws Exception {
        Path installer = InstallerIso.netbootFiles();
        Path initramfs = work.resolve("installer-initrd.img");
        Files.write(initramfs, Files.readAllBytes(installer.resolve("install.img")));
        Files.write(initramfs, Files.readAllBytes(installer.resolve("system.img")), StandardOpenOption.APPEND);
        return List.of(
                ComputeClientTest.field(cloud.run(admin, "openstack", "image", "create", "--disk-format", "aki",
                        "--container-format", "aki", "--file", installer.resolve("vmlinuz").toString(),
                        "installer-kernel").requireSuccess(), "id"),
                ComputeClientTest.field(cloud.run(admin, "openstack", "image", "create", "--disk-format", "ari",
                        "--container-format", "ari", "--file", initramfs.toString(), "installer-initrd")
                        .requireSuccess(), "id"));
    }

    /**
     * A server on the default network with a blank volume, the boot order disk then network and the images of
     * {@link #uploadInstallerImages} in its metadata: it installs and powers off, and is deleted. The time it took.
     */
    static Duration installFromImages(CloudUnderTest cloud, Map<String, String> admin, List<String> images,
                                      String name) throws Exception {
        String server = ComputeClientTest.field(cloud.run(admin, "nova", "boot", "--flavor", FLAVOR,
                "--block-device", "source=blank,dest=volume,size=1,shutdown=remove,bootindex=0", "--nic",
                "net-id=" + cloud.defaultNetworkId(), "--meta", BOOT_ORDER + "=disk,network", "--meta",
                "stackbox:netboot_kernel=" + images.get(0), "--meta", "stackbox:netboot_initrd=" + images.get(1),
                "--meta", "stackbox:netboot_cmdline=console=tty0 console=ttyS0,115200 panic=-1 quiet "
                        + "stackbox.netboot=images", name).requireSuccess(), "id");
        Instant started = Instant.now();
        cloud.awaitStatus(server, "SHUTOFF", INSTALL_TIMEOUT);
        Duration took = Duration.between(started, Instant.now());
        assertThat(cloud.consoleOutput(server)).contains(InstallerIso.INSTALLER_STARTED, "stackbox.netboot=images",
                InstallerIso.INSTALL_DONE).doesNotContain(InstallerIso.INSTALL_FAILED);
        cloud.run(admin, "openstack", "server", "delete", "--wait", server).requireSuccess();
        return took;
    }

    /** A boot file is a name inside the port's subnet's directory: ways out are 400, and leave nothing behind. */
    @Test
    void bootFilesOutsideTheSubnetsDirectoryAreRefused() throws Exception {
        Path root = tftpRoot(blueSubnet);
        Files.createSymbolicLink(root.resolve("escape"), Path.of("/etc"));
        String port = id(run("openstack", "port", "create", "--network", blueNetwork, "refusals"));
        for (String bootFile : new String[] {"../" + greenSubnet + "/boot.ipxe", "/etc/passwd", "escape/passwd",
                "a/../../boot.ipxe"}) {
            Cli.Result refused = cloud.run(admin, "openstack", "port", "set", "--extra-dhcp-option",
                    "name=bootfile-name,value=" + bootFile, port);
            assertThat(refused.exitCode()).as(bootFile).isNotZero();
            assertThat(refused.output()).as(bootFile).contains("Invalid input for operation");
        }
        assertThat(JSON.readTree(run("openstack", "port", "show", "-f", "json", port).stdout())
                .path("extra_dhcp_opts").size()).isZero();

        Cli.Result refusedCreate = cloud.run(admin, "openstack", "port", "create", "--network", blueNetwork,
                "--extra-dhcp-option", "name=bootfile-name,value=escape/shadow", "refused-port");
        assertThat(refusedCreate.exitCode()).isNotZero();
        assertThat(refusedCreate.output()).contains("Invalid input for operation");
        assertThat(run("openstack", "port", "list", "--name", "refused-port", "-f", "value").stdout()).isBlank();

        run("openstack", "port", "set", "--extra-dhcp-option", "name=bootfile-name,value=boot.ipxe", port);
        assertThat(JSON.readTree(run("openstack", "port", "show", "-f", "json", port).stdout())
                .path("extra_dhcp_opts").toString()).contains("boot.ipxe");
        run("openstack", "port", "delete", port);
        Files.delete(root.resolve("escape"));
    }

    private static Path tftpRoot(String subnetId) {
        return cloud.dataDir().resolve("tftp").resolve(subnetId);
    }

    private static Cli.Result run(String... command) throws Exception {
        return cloud.run(admin, command).requireSuccess();
    }

    private static String id(Cli.Result result) {
        return ComputeClientTest.field(result, "id");
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int index = text.indexOf(part); index >= 0; index = text.indexOf(part, index + 1)) {
            count++;
        }
        return count;
    }
}
