package org.stackbox.virt.qemu;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stackbox.virt.BlockDeviceEntry;
import org.stackbox.virt.BlockDeviceLayout;
import org.stackbox.virt.BlockDeviceMapping;
import org.stackbox.virt.DeviceType;
import org.stackbox.virt.DiskBus;
import org.stackbox.virt.DiskDevice;
import org.stackbox.virt.DiskFile;
import org.stackbox.virt.DiskFiles;
import org.stackbox.virt.DiskSource;
import org.stackbox.virt.DomainSpec;
import org.stackbox.virt.DomainState;
import org.stackbox.virt.DomainStatus;
import org.stackbox.virt.FileFormat;
import org.stackbox.virt.Flavor;
import org.stackbox.virt.HostForward;
import org.stackbox.virt.HypervisorException;
import org.stackbox.virt.ImageDiskFormat;
import org.stackbox.virt.ImageMeta;
import org.stackbox.virt.LayoutRequest;
import org.stackbox.virt.NetworkBoot;
import org.stackbox.virt.NetworkInterface;
import org.stackbox.virt.PowerOffOutcome;
import org.stackbox.virt.RebootType;
import org.stackbox.virt.UserNetwork;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The QEMU driver against real QEMU under TCG, with guests that print a marker on their serial port. */
@Timeout(60)
class QemuHypervisorTest {
    static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");
    static final Duration BOOT = Duration.ofSeconds(20);
    static final String SERVER = "46f4bb89-446f-45d2-a6d8-70a5b2715906";
    static final String IMAGE = "f80ba429-417d-4ae7-8b4d-855a484f8454";
    static final String ISO_SERVER = "7b4190b6-efa7-4299-9fbd-23a98a77ac23";
    static final String ISO_IMAGE = "f2d3e1f5-6dc8-415c-b1a4-4baf9030ba6a";
    static final String VOLUME = "739bfe68-052a-4b6e-bfb0-ba83e49c63d6";
    static final String SECOND_VOLUME = "5b540b6a-3a98-4417-9a86-6df94d9767b7";
    static final Flavor TINY = new Flavor(1, 64);

    @TempDir
    Path temporary;
    Path root;
    GuestImages images;
    QemuHypervisor hypervisor;

    @BeforeEach
    void start() {
        root = temporary.resolve("run");
        images = new GuestImages(temporary);
        hypervisor = newHypervisor();
    }

    @AfterEach
    void destroyEverything() {
        for (DomainStatus status : newHypervisor().reconcile()) {
            hypervisor.destroy(status.serverId());
        }
    }

    @Test
    void bootsFromAnImageListsTheArticlesDevicesHotPlugsAndPowersOff() throws Exception {
        DomainSpec spec = BlockDeviceLayout.layout(new LayoutRequest(SERVER, TINY,
                Optional.of(ImageMeta.of(IMAGE, ImageDiskFormat.QCOW2)), List.of(), true,
                List.of("fa:16:3e:00:00:01"), NetworkBoot.NEVER));
        Path base = images.markerDisk("base.raw", "ROOT-DISK-BOOTED", false);
        DiskFiles files = DiskFiles.of(Map.of(
                new DiskSource.RootDisk(SERVER), qcow2(images.qcow2Overlay("root.qcow2", base, "raw")),
                new DiskSource.ConfigDrive(SERVER), raw(images.configDrive("config.iso"))));

        hypervisor.spawn(spec, files);

        Path serialLog = hypervisor.consoles(SERVER).serialLog();
        SerialLog.awaitMarker(serialLog, "ROOT-DISK-BOOTED", 1, BOOT);
        assertThat(hypervisor.state(SERVER)).isEqualTo(DomainState.RUNNING);
        assertThat(hypervisor.blockDevices(SERVER)).containsExactly(
                new BlockDeviceEntry("vda", SERVER + "_disk"),
                new BlockDeviceEntry("hdd", SERVER + "_disk.config"));
        assertThat(BlockDeviceEntry.table(hypervisor.blockDevices(SERVER)))
                .contains(" Target   Source", " vda      " + SERVER + "_disk");

        DiskDevice scsiVolume = BlockDeviceLayout.hotPlugDevice(hypervisor.definition(SERVER),
                new DiskSource.Volume(VOLUME), DeviceType.DISK, Optional.of(DiskBus.SCSI), Optional.empty());
        hypervisor.attachDisk(SERVER, scsiVolume, qcow2(images.blankQcow2("volume.qcow2", "16M")));
        assertThat(hypervisor.blockDevices(SERVER)).contains(new BlockDeviceEntry("sda", "volume-" + VOLUME));
        hypervisor.detachDisk(SERVER, "sda", Duration.ofSeconds(5));
        assertThat(hypervisor.blockDevices(SERVER)).extracting(BlockDeviceEntry::target).containsExactly("vda", "hdd");
        assertThat(hypervisor.definition(SERVER).disk("sda")).isEmpty();

        DiskDevice virtioVolume = BlockDeviceLayout.hotPlugDevice(hypervisor.definition(SERVER),
                new DiskSource.Volume(SECOND_VOLUME), DeviceType.DISK, Optional.empty(), Optional.empty());
        assertThat(virtioVolume.target()).isEqualTo("vdb");
        hypervisor.attachDisk(SERVER, virtioVolume, qcow2(images.blankQcow2("second.qcow2", "16M")));
        assertThat(hypervisor.blockDevices(SERVER)).contains(new BlockDeviceEntry("vdb", "volume-" + SECOND_VOLUME));
        assertThatThrownBy(() -> hypervisor.detachDisk(SERVER, "vdb", Duration.ofMillis(500)))
                .as("a guest without an operating system never releases a PCI device")
                .isInstanceOfSatisfying(HypervisorException.class,
                        e -> assertThat(e.error()).isEqualTo(HypervisorException.Error.DEVICE_BUSY));
        assertThat(hypervisor.definition(SERVER).disk("vdb")).isPresent();

        long pid = pidOf(SERVER);
        assertThat(hypervisor.powerOff(SERVER, Duration.ofMillis(500))).isEqualTo(PowerOffOutcome.FORCED);
        assertThat(hypervisor.state(SERVER)).isEqualTo(DomainState.SHUT_OFF);
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(hypervisor.blockDevices(SERVER)).extracting(BlockDeviceEntry::target)
                .containsExactly("vda", "hdd", "vdb");
        assertNoSocketsLeft(SERVER);

        hypervisor.powerOn(SERVER);
        SerialLog.awaitMarker(serialLog, "ROOT-DISK-BOOTED", 2, BOOT);
        assertThat(hypervisor.blockDevices(SERVER)).contains(new BlockDeviceEntry("vdb", "volume-" + SECOND_VOLUME));

        long runningPid = pidOf(SERVER);
        hypervisor.destroy(SERVER);
        assertThat(ProcessHandle.of(runningPid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(root.resolve(SERVER)).doesNotExist();
        assertThatThrownBy(() -> hypervisor.state(SERVER)).isInstanceOfSatisfying(HypervisorException.class,
                e -> assertThat(e.error()).isEqualTo(HypervisorException.Error.DOMAIN_NOT_FOUND));
    }

    @Test
    void installsFromAnIsoThatBootsFromHdaThenEjectsAndChangesTheMedium() throws Exception {
        DomainSpec spec = BlockDeviceLayout.layout(new LayoutRequest(ISO_SERVER, TINY,
                Optional.of(ImageMeta.of(ISO_IMAGE, ImageDiskFormat.ISO)),
                List.of(BlockDeviceMapping.volume(VOLUME)), true, List.of("fa:16:3e:00:00:02"), NetworkBoot.NEVER));
        Path iso = images.bootableIso("installer.iso", "ISO-INSTALLER-BOOTED");
        DiskFiles files = DiskFiles.of(Map.of(
                new DiskSource.RootDisk(ISO_SERVER), qcow2(images.qcow2Overlay("iso-disk.qcow2", iso, "raw")),
                new DiskSource.ConfigDrive(ISO_SERVER), raw(images.configDrive("config.iso")),
                new DiskSource.Volume(VOLUME), raw(images.markerDisk("volume.raw", "VOLUME-BOOTED", false))));

        hypervisor.spawn(spec, files);

        SerialLog.awaitMarker(hypervisor.consoles(ISO_SERVER).serialLog(), "ISO-INSTALLER-BOOTED", 1, BOOT);
        assertThat(SerialLog.read(hypervisor.consoles(ISO_SERVER).serialLog())).doesNotContain("VOLUME-BOOTED");
        assertThat(hypervisor.blockDevices(ISO_SERVER)).containsExactly(
                new BlockDeviceEntry("hda", ISO_SERVER + "_disk"),
                new BlockDeviceEntry("hdd", ISO_SERVER + "_disk.config"),
                new BlockDeviceEntry("vda", "volume-" + VOLUME));

        hypervisor.ejectMedium(ISO_SERVER, "hda", false);
        assertThat(hypervisor.blockDevices(ISO_SERVER)).startsWith(new BlockDeviceEntry("hda", "-"));
        assertThat(hypervisor.definition(ISO_SERVER).disk("hda").orElseThrow().bootIndex()).isNull();
        assertThatThrownBy(() -> hypervisor.ejectMedium(ISO_SERVER, "hda", false))
                .isInstanceOfSatisfying(HypervisorException.class,
                        e -> assertThat(e.error()).isEqualTo(HypervisorException.Error.INVALID_STATE));

        hypervisor.changeMedium(ISO_SERVER, "hda", new DiskSource.Image(ISO_IMAGE), raw(iso));
        assertThat(hypervisor.blockDevices(ISO_SERVER)).startsWith(new BlockDeviceEntry("hda", "image-" + ISO_IMAGE));
        assertThatThrownBy(() -> hypervisor.changeMedium(ISO_SERVER, "vda", new DiskSource.Image(ISO_IMAGE), raw(iso)))
                .isInstanceOfSatisfying(HypervisorException.class,
                        e -> assertThat(e.error()).isEqualTo(HypervisorException.Error.INVALID_STATE));

        hypervisor.reboot(ISO_SERVER, RebootType.HARD, Duration.ofSeconds(1));
        assertThat(hypervisor.state(ISO_SERVER)).isEqualTo(DomainState.RUNNING);
        assertThat(hypervisor.blockDevices(ISO_SERVER)).startsWith(new BlockDeviceEntry("hda", "image-" + ISO_IMAGE));
    }

    @Test
    void afterAnEjectARunningGuestBootsTheVolumeAtItsNextReset() throws Exception {
        DomainSpec spec = BlockDeviceLayout.layout(new LayoutRequest(ISO_SERVER, TINY,
                Optional.of(ImageMeta.of(ISO_IMAGE, ImageDiskFormat.ISO)),
                List.of(BlockDeviceMapping.volume(VOLUME)), true, List.of("fa:16:3e:00:00:03"), NetworkBoot.NEVER));
        Path iso = images.bootableIso("installer.iso", "ISO-INSTALLER-BOOTED");
        hypervisor.spawn(spec, DiskFiles.of(Map.of(
                new DiskSource.RootDisk(ISO_SERVER), qcow2(images.qcow2Overlay("iso-disk.qcow2", iso, "raw")),
                new DiskSource.ConfigDrive(ISO_SERVER), raw(images.configDrive("config.iso")),
                new DiskSource.Volume(VOLUME), raw(images.markerDisk("volume.raw", "VOLUME-BOOTED", false)))));
        Path serialLog = hypervisor.consoles(ISO_SERVER).serialLog();
        SerialLog.awaitMarker(serialLog, "ISO-INSTALLER-BOOTED", 1, BOOT);

        hypervisor.ejectMedium(ISO_SERVER, "hda", false);
        hypervisor.setBootOrder(ISO_SERVER, List.of("vda"));
        assertThat(hypervisor.definition(ISO_SERVER).bootDisk()).map(DiskDevice::target).contains("vda");
        // The guest reboots itself (a reset inside the same QEMU): the firmware reads the new order.
        try (QmpClient qmp = QmpClient.connect(RunDirectory.of(root, ISO_SERVER).qmpSocket(), Duration.ofSeconds(5))) {
            qmp.execute(QmpCommand.systemReset());
        }
        SerialLog.awaitMarker(serialLog, "VOLUME-BOOTED", 1, BOOT);
        assertThat(SerialLog.count(serialLog, "ISO-INSTALLER-BOOTED")).isEqualTo(1);
        assertThatThrownBy(() -> hypervisor.setBootOrder(ISO_SERVER, List.of("hda")))
                .isInstanceOfSatisfying(HypervisorException.class,
                        e -> assertThat(e.error()).isEqualTo(HypervisorException.Error.INVALID_STATE));
    }

    @Test
    void copiesTheDiskOfARunningGuestWhichKeepsRunning() throws Exception {
        DomainSpec spec = BlockDeviceLayout.layout(new LayoutRequest(SERVER, TINY,
                Optional.of(ImageMeta.of(IMAGE, ImageDiskFormat.QCOW2)), List.of(), false, List.of(),
                NetworkBoot.NEVER));
        Path base = images.markerDisk("base.raw", "BACKED-UP", false);
        Path overlay = images.qcow2Overlay("root.qcow2", base, "raw");
        hypervisor.spawn(spec, DiskFiles.of(Map.of(new DiskSource.RootDisk(SERVER), qcow2(overlay))));
        SerialLog.awaitMarker(hypervisor.consoles(SERVER).serialLog(), "BACKED-UP", 1, BOOT);
        Path copy = temporary.resolve("copy.qcow2");

        var outcome = hypervisor.backupDisk(SERVER, "vda", copy, Duration.ofSeconds(30));

        assertThat(hypervisor.state(SERVER)).isEqualTo(DomainState.RUNNING);
        assertThat(outcome.ioHeld()).isLessThan(Duration.ofMillis(100));
        Process info = new ProcessBuilder("qemu-img", "info", "--output=json", copy.toString())
                .redirectErrorStream(true).start();
        String json = new String(info.getInputStream().readAllBytes());
        assertThat(info.waitFor()).isZero();
        assertThat(json).contains("\"format\": \"qcow2\"").doesNotContain("backing-filename");
        Process compare = new ProcessBuilder("qemu-img", "compare", "-U", "-f", "raw", "-F", "qcow2",
                base.toString(), copy.toString()).redirectErrorStream(true).start();
        String compared = new String(compare.getInputStream().readAllBytes());
        assertThat(compare.waitFor()).as(compared).isZero();
        assertThatThrownBy(() -> hypervisor.backupDisk(SERVER, "vdz", temporary.resolve("none.qcow2"),
                Duration.ofSeconds(5))).isInstanceOfSatisfying(HypervisorException.class,
                        e -> assertThat(e.error()).isEqualTo(HypervisorException.Error.DEVICE_NOT_FOUND));
        assertThat(temporary.resolve("none.qcow2")).doesNotExist();
        var again = hypervisor.backupDisk(SERVER, "vda", temporary.resolve("again.qcow2"), Duration.ofSeconds(30));
        assertThat(again.copying()).isPositive();
    }

    @Test
    void aGuestThatPowersItselfOffIsShutOff() throws Exception {
        DomainSpec spec = BlockDeviceLayout.layout(new LayoutRequest(SERVER, TINY,
                Optional.of(ImageMeta.of(IMAGE, ImageDiskFormat.RAW)), List.of(), false, List.of(),
                NetworkBoot.NEVER));
        hypervisor.spawn(spec, DiskFiles.of(Map.of(new DiskSource.RootDisk(SERVER),
                raw(images.markerDisk("off.raw", "POWERING-OFF", true)))));

        SerialLog.awaitMarker(hypervisor.consoles(SERVER).serialLog(), "POWERING-OFF", 1, BOOT);
        awaitState(SERVER, DomainState.SHUT_OFF, BOOT);
        assertThat(hypervisor.powerOff(SERVER, Duration.ofSeconds(1))).isEqualTo(PowerOffOutcome.ALREADY_OFF);
        assertNoSocketsLeft(SERVER);
    }

    @Test
    void aFailedSpawnLeavesNothingBehind() {
        DomainSpec spec = BlockDeviceLayout.layout(new LayoutRequest(SERVER, TINY,
                Optional.of(ImageMeta.of(IMAGE, ImageDiskFormat.QCOW2)), List.of(), false, List.of(),
                NetworkBoot.NEVER));
        DiskFiles missing = DiskFiles.of(Map.of(new DiskSource.RootDisk(SERVER),
                qcow2(temporary.resolve("no-such-disk.qcow2"))));

        assertThatThrownBy(() -> hypervisor.spawn(spec, missing))
                .isInstanceOfSatisfying(HypervisorException.class,
                        e -> assertThat(e.error()).isEqualTo(HypervisorException.Error.START_FAILED))
                .hasMessageContaining("no-such-disk.qcow2");
        assertThat(root.resolve(SERVER)).doesNotExist();
        assertThat(hypervisor.reconcile()).isEmpty();
    }

    @Test
    void aSecondSpawnOfTheSameServerIsRefused() throws Exception {
        DomainSpec spec = BlockDeviceLayout.layout(new LayoutRequest(SERVER, TINY,
                Optional.of(ImageMeta.of(IMAGE, ImageDiskFormat.RAW)), List.of(), false, List.of(),
                NetworkBoot.NEVER));
        DiskFiles files = DiskFiles.of(Map.of(new DiskSource.RootDisk(SERVER),
                raw(images.markerDisk("root.raw", "FIRST", false))));
        hypervisor.spawn(spec, files);

        assertThatThrownBy(() -> hypervisor.spawn(spec, files))
                .isInstanceOfSatisfying(HypervisorException.class,
                        e -> assertThat(e.error()).isEqualTo(HypervisorException.Error.DOMAIN_EXISTS));
        assertThat(hypervisor.state(SERVER)).isEqualTo(DomainState.RUNNING);
    }

    @Test
    void aRestartedDriverFindsRunningDomainsAndNoticesDeadOnes() throws Exception {
        DiskFiles first = DiskFiles.of(Map.of(new DiskSource.RootDisk(SERVER),
                raw(images.markerDisk("first.raw", "FIRST-SERVER", false))));
        DiskFiles second = DiskFiles.of(Map.of(new DiskSource.RootDisk(ISO_SERVER),
                raw(images.markerDisk("second.raw", "SECOND-SERVER", false))));
        hypervisor.spawn(imageSpec(SERVER), first);
        hypervisor.spawn(imageSpec(ISO_SERVER), second);
        Files.createDirectories(root.resolve("half-made-server"));

        long pid = pidOf(SERVER);
        assertThat(sessionOf(pid)).as("QEMU leads a session of its own, so it outlives Stackbox").isEqualTo(pid);
        assertThat(sessionOf(pid)).isNotEqualTo(sessionOf(ProcessHandle.current().pid()));

        QemuHypervisor restarted = newHypervisor();
        assertThat(restarted.reconcile()).containsExactly(
                new DomainStatus(SERVER, DomainState.RUNNING), new DomainStatus(ISO_SERVER, DomainState.RUNNING));
        assertThat(root.resolve("half-made-server")).doesNotExist();

        ProcessHandle victim = ProcessHandle.of(pidOf(ISO_SERVER)).orElseThrow();
        victim.destroyForcibly();
        victim.onExit().get();
        assertThat(newHypervisor().reconcile()).containsExactly(
                new DomainStatus(SERVER, DomainState.RUNNING), new DomainStatus(ISO_SERVER, DomainState.SHUT_OFF));
        assertNoSocketsLeft(ISO_SERVER);
        assertThat(restarted.blockDevices(SERVER)).containsExactly(new BlockDeviceEntry("vda", SERVER + "_disk"));
        assertThat(restarted.powerOff(SERVER, Duration.ofMillis(200))).isEqualTo(PowerOffOutcome.FORCED);
    }

    @Test
    void hotPlugsACardWithItsForwardAndUnplugsItFromTheDefinitionOfAStoppedGuest() throws Exception {
        hypervisor.spawn(imageSpec(SERVER), DiskFiles.of(Map.of(new DiskSource.RootDisk(SERVER),
                raw(images.markerDisk("root.raw", "CARDS", false)))));
        int hostPort = freePort();
        NetworkInterface card = new NetworkInterface("fa:16:3e:00:00:02", null, new UserNetwork("10.0.0.0/24",
                "10.0.0.1", "10.0.0.5", "10.0.0.254", List.of(new HostForward("tcp", "127.0.0.1", hostPort, 22))));

        hypervisor.attachInterface(SERVER, card);
        assertThat(peripherals(SERVER)).contains("nic-fa163e000002");
        assertThat(hypervisor.definition(SERVER).networkInterfaces()).containsExactly(card);
        try (Socket forwarded = new Socket("127.0.0.1", hostPort)) {
            assertThat(forwarded.isConnected()).as("QEMU listens on the forward's host port").isTrue();
        }
        assertThatThrownBy(() -> hypervisor.attachInterface(SERVER, card.withUserNetwork(null)))
                .isInstanceOfSatisfying(HypervisorException.class,
                        e -> assertThat(e.error()).isEqualTo(HypervisorException.Error.INVALID_STATE));
        assertThatThrownBy(() -> hypervisor.detachInterface(SERVER, card.macAddress(), Duration.ofMillis(500)))
                .as("a guest without an operating system never releases a PCI device")
                .isInstanceOfSatisfying(HypervisorException.class,
                        e -> assertThat(e.error()).isEqualTo(HypervisorException.Error.DEVICE_BUSY));
        assertThat(hypervisor.definition(SERVER).networkInterfaces()).containsExactly(card);

        hypervisor.powerOff(SERVER, Duration.ofMillis(200));
        hypervisor.detachInterface(SERVER, card.macAddress(), Duration.ofMillis(500));
        assertThat(hypervisor.definition(SERVER).networkInterfaces()).isEmpty();
        assertThatThrownBy(() -> hypervisor.detachInterface(SERVER, card.macAddress(), Duration.ofMillis(500)))
                .isInstanceOfSatisfying(HypervisorException.class,
                        e -> assertThat(e.error()).isEqualTo(HypervisorException.Error.DEVICE_NOT_FOUND));
        hypervisor.attachInterface(SERVER, card);
        hypervisor.powerOn(SERVER);
        assertThat(peripherals(SERVER)).contains("nic-fa163e000002");
    }

    /** A read-only volume's disk: QEMU's block node refuses writes, hot-plugged and again after a power cycle. */
    @Test
    void aReadOnlyVolumeIsAReadOnlyBlockNode() throws Exception {
        hypervisor.spawn(imageSpec(SERVER), DiskFiles.of(Map.of(new DiskSource.RootDisk(SERVER),
                raw(images.markerDisk("root.raw", "READ-ONLY", false)))));
        SerialLog.awaitMarker(hypervisor.consoles(SERVER).serialLog(), "READ-ONLY", 1, BOOT);
        DiskDevice readOnly = BlockDeviceLayout.hotPlugDevice(hypervisor.definition(SERVER),
                new DiskSource.Volume(VOLUME), DeviceType.DISK, Optional.empty(), Optional.empty()).withReadOnly(true);
        hypervisor.attachDisk(SERVER, readOnly, qcow2(images.blankQcow2("volume.qcow2", "16M")));
        assertThat(readOnlyTargets(SERVER)).containsExactly(Map.entry("vda", false), Map.entry("vdb", true));
        assertThat(hypervisor.definition(SERVER).disk("vdb")).map(DiskDevice::readOnly).contains(true);

        hypervisor.powerOff(SERVER, Duration.ofMillis(500));
        hypervisor.powerOn(SERVER);
        assertThat(readOnlyTargets(SERVER)).containsExactly(Map.entry("vda", false), Map.entry("vdb", true));
    }

    /** Each disk QEMU has, by target, with QEMU's own word on whether its node is read-only. */
    private Map<String, Boolean> readOnlyTargets(String serverId) throws Exception {
        Map<String, Boolean> targets = new java.util.LinkedHashMap<>();
        try (QmpClient qmp = QmpClient.connect(RunDirectory.of(root, serverId).qmpSocket(), Duration.ofSeconds(5))) {
            qmp.execute(QmpCommand.queryBlock()).forEach(entry -> {
                if (!entry.path("inserted").isMissingNode()) {
                    targets.put(QemuBlockOperations.deviceId(entry.path("qdev").asText()),
                            entry.at("/inserted/ro").asBoolean());
                }
            });
        }
        return targets;
    }

    @Test
    void qmpReportsCommandErrorsWithQemusClass() throws Exception {
        hypervisor.spawn(imageSpec(SERVER), DiskFiles.of(Map.of(new DiskSource.RootDisk(SERVER),
                raw(images.markerDisk("root.raw", "QMP", false)))));

        try (QmpClient qmp = QmpClient.connect(RunDirectory.of(root, SERVER).qmpSocket(), Duration.ofSeconds(5))) {
            assertThat(qmp.execute(QmpCommand.queryStatus()).path("status").asText()).isEqualTo("running");
            assertThatThrownBy(() -> qmp.execute(QmpCommand.deviceDel("no-such-device")))
                    .isInstanceOfSatisfying(QmpException.class, e -> {
                        assertThat(e.kind()).isEqualTo(QmpException.Kind.COMMAND_ERROR);
                        assertThat(e.errorClass()).isEqualTo("DeviceNotFound");
                    });
            assertThat(qmp.execute(QmpCommand.humanMonitor("info status")).asText()).contains("running");
        }
    }

    private static DomainSpec imageSpec(String serverId) {
        return BlockDeviceLayout.layout(new LayoutRequest(serverId, TINY,
                Optional.of(ImageMeta.of(IMAGE, ImageDiskFormat.RAW)), List.of(), false, List.of(),
                NetworkBoot.NEVER));
    }

    private List<String> peripherals(String serverId) {
        try (QmpClient qmp = QmpClient.connect(RunDirectory.of(root, serverId).qmpSocket(), Duration.ofSeconds(5))) {
            List<String> names = new java.util.ArrayList<>();
            qmp.execute(QmpCommand.qomList("/machine/peripheral")).forEach(child -> names.add(child.path("name").asText()));
            return names;
        }
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private QemuHypervisor newHypervisor() {
        return new QemuHypervisor(root, QEMU, Accelerator.TCG, QemuTimeouts.defaults());
    }

    private void awaitState(String serverId, DomainState wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (hypervisor.state(serverId) != wanted) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(serverId + " did not become " + wanted);
            }
            Thread.sleep(20);
        }
    }

    private long pidOf(String serverId) throws Exception {
        return Long.parseLong(Files.readString(RunDirectory.of(root, serverId).pidFile()).trim());
    }

    /** The session id, field 6 of {@code /proc/<pid>/stat} (after the command name in parentheses). */
    private static long sessionOf(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[3]);
    }

    private void assertNoSocketsLeft(String serverId) {
        RunDirectory directory = RunDirectory.of(root, serverId);
        assertThat(List.of(directory.qmpSocket(), directory.vncSocket(), directory.serialSocket(),
                directory.pidFile())).allSatisfy(path -> assertThat(path).doesNotExist());
    }

    private static DiskFile qcow2(Path path) {
        return new DiskFile(path, FileFormat.QCOW2);
    }

    private static DiskFile raw(Path path) {
        return new DiskFile(path, FileFormat.RAW);
    }
}
