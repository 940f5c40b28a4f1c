package org.stackbox.virt.qemu;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stackbox.virt.BlockDeviceLayout;
import org.stackbox.virt.DiskFile;
import org.stackbox.virt.DiskFiles;
import org.stackbox.virt.DiskSource;
import org.stackbox.virt.DomainSpec;
import org.stackbox.virt.DomainState;
import org.stackbox.virt.DomainStatus;
import org.stackbox.virt.FileFormat;
import org.stackbox.virt.Flavor;
import org.stackbox.virt.HypervisorException;
import org.stackbox.virt.ImageDiskFormat;
import org.stackbox.virt.ImageMeta;
import org.stackbox.virt.LayoutRequest;
import org.stackbox.virt.NetworkBoot;
import org.stackbox.virt.RebootType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Suspending to disk and resuming with real QEMU under TCG: the guest prints a marker once when it boots, then echoes
 * the keys typed to its serial port. A guest that went on where it was echoes the keys typed after its resume
 * without printing the marker again, which a guest booted afresh would do.
 */
@Timeout(90)
class QemuManagedSaveTest {
    private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");
    private static final Duration BOOT = Duration.ofSeconds(20);
    private static final String SERVER = "0b6f7d0e-94a4-4c47-9c43-5c7d8f1d2a11";
    private static final String IMAGE = "c5a3c1b2-51a6-4b0e-8f0f-6f0c7a0e9d21";
    private static final String MARKER = "SAVED-GUEST-BOOTED";

    @TempDir
    Path temporary;
    Path root;
    QemuHypervisor hypervisor;
    RunDirectory directory;

    @BeforeEach
    void start() throws Exception {
        root = temporary.resolve("run");
        hypervisor = newHypervisor();
        directory = RunDirectory.of(root, SERVER);
        DomainSpec spec = BlockDeviceLayout.layout(new LayoutRequest(SERVER, new Flavor(1, 64),
                Optional.of(ImageMeta.of(IMAGE, ImageDiskFormat.RAW)), List.of(), false, List.of(),
                NetworkBoot.NEVER));
        Path disk = new GuestImages(temporary).echoingDisk("root.raw", MARKER);
        hypervisor.spawn(spec, DiskFiles.of(Map.of(new DiskSource.RootDisk(SERVER),
                new DiskFile(disk, FileFormat.RAW))));
        SerialLog.awaitMarker(directory.serialLog(), MARKER, 1, BOOT);
    }

    @AfterEach
    void destroyEverything() {
        for (DomainStatus status : newHypervisor().reconcile()) {
            hypervisor.destroy(status.serverId());
        }
    }

    @Test
    void aSavedGuestUsesNoProcessAndGoesOnWhereItWasAfterARestartOfTheDriver() throws Exception {
        type("a");
        SerialLog.awaitMarker(directory.serialLog(), MARKER + "\r\na", 1, BOOT);
        long pid = pidOf();

        hypervisor.save(SERVER);

        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("QEMU is gone").isEmpty();
        assertThat(directory.savedState()).isRegularFile();
        assertThat(Files.size(directory.savedState())).isPositive();
        assertThat(directory.partialSavedState()).doesNotExist();
        assertThat(List.of(directory.pidFile(), directory.qmpSocket(), directory.stateSocket()))
                .allSatisfy(path -> assertThat(path).doesNotExist());
        assertThat(hypervisor.state(SERVER)).isEqualTo(DomainState.SAVED);
        assertThatThrownBy(() -> hypervisor.save(SERVER)).isInstanceOfSatisfying(HypervisorException.class,
                e -> assertThat(e.error()).isEqualTo(HypervisorException.Error.INVALID_STATE));
        assertThatThrownBy(() -> hypervisor.resize(SERVER, 1, 128))
                .as("the saved state holds the devices it was saved with")
                .isInstanceOfSatisfying(HypervisorException.class,
                        e -> assertThat(e.error()).isEqualTo(HypervisorException.Error.INVALID_STATE));

        QemuHypervisor restarted = newHypervisor();
        assertThat(restarted.reconcile()).containsExactly(new DomainStatus(SERVER, DomainState.SAVED));
        assertThat(directory.savedState()).as("a restart keeps the saved state").isRegularFile();
        restarted.restore(SERVER);

        assertThat(restarted.state(SERVER)).isEqualTo(DomainState.RUNNING);
        assertThat(directory.savedState()).as("removed once the guest runs").doesNotExist();
        type("b");
        SerialLog.awaitMarker(directory.serialLog(), MARKER + "\r\nab", 1, BOOT);
        assertThat(SerialLog.count(directory.serialLog(), MARKER)).as("the guest did not boot again").isEqualTo(1);
        assertThatThrownBy(() -> restarted.restore(SERVER)).isInstanceOfSatisfying(HypervisorException.class,
                e -> assertThat(e.error()).isEqualTo(HypervisorException.Error.INVALID_STATE));
    }

    @Test
    void powerOnResumesASavedGuestAndAHardRebootBootsItAfresh() throws Exception {
        hypervisor.save(SERVER);
        hypervisor.powerOn(SERVER);
        type("c");
        SerialLog.awaitMarker(directory.serialLog(), MARKER + "\r\nc", 1, BOOT);

        hypervisor.save(SERVER);
        hypervisor.reboot(SERVER, RebootType.HARD, Duration.ofSeconds(1));

        SerialLog.awaitMarker(directory.serialLog(), MARKER, 2, BOOT);
        assertThat(directory.savedState()).doesNotExist();
        assertThat(hypervisor.state(SERVER)).isEqualTo(DomainState.RUNNING);
    }

    @Test
    void destroyRemovesTheSavedState() {
        hypervisor.save(SERVER);
        hypervisor.destroy(SERVER);
        assertThat(directory.savedState()).doesNotExist();
        assertThat(directory.path()).doesNotExist();
    }

    /** Types a key on the guest's keyboard. */
    private void type(String key) {
        try (QmpClient qmp = QmpClient.connect(directory.qmpSocket(), Duration.ofSeconds(5))) {
            qmp.execute(QmpCommand.humanMonitor("sendkey " + key));
        }
    }

    private long pidOf() throws Exception {
        return Long.parseLong(Files.readString(directory.pidFile()).trim());
    }

    private QemuHypervisor newHypervisor() {
        return new QemuHypervisor(root, QEMU, Accelerator.TCG, QemuTimeouts.defaults());
    }
}
