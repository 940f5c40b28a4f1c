package org.stackbox.virt.qemu;

import org.stackbox.virt.BlockDeviceEntry;
import org.stackbox.virt.CdromDrives;
import org.stackbox.virt.ConsoleEndpoints;
import org.stackbox.virt.DeviceType;
import org.stackbox.virt.DiskDevice;
import org.stackbox.virt.DiskFile;
import org.stackbox.virt.DiskFiles;
import org.stackbox.virt.DiskSource;
import org.stackbox.virt.DomainSpec;
import org.stackbox.virt.DomainState;
import org.stackbox.virt.DomainStatus;
import org.stackbox.virt.Hypervisor;
import org.stackbox.virt.HypervisorDescription;
import org.stackbox.virt.HypervisorException;
import org.stackbox.virt.MachineType;
import org.stackbox.virt.NetworkBoot;
import org.stackbox.virt.NetworkBootOrder;
import org.stackbox.virt.NetworkInterface;
import org.stackbox.virt.PowerOffOutcome;
import org.stackbox.virt.RebootType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;
import static org.stackbox.virt.HypervisorException.Error.AGENT_NOT_ENABLED;
import static org.stackbox.virt.HypervisorException.Error.AGENT_UNRESPONSIVE;
import static org.stackbox.virt.HypervisorException.Error.COMMAND_FAILED;
import static org.stackbox.virt.HypervisorException.Error.DEVICE_BUSY;
import static org.stackbox.virt.HypervisorException.Error.DEVICE_NOT_FOUND;
import static org.stackbox.virt.HypervisorException.Error.DOMAIN_EXISTS;
import static org.stackbox.virt.HypervisorException.Error.DOMAIN_NOT_FOUND;
import static org.stackbox.virt.HypervisorException.Error.INVALID_STATE;
import static org.stackbox.virt.HypervisorException.Error.START_FAILED;
import static org.stackbox.virt.HypervisorException.Error.TIMEOUT;

/**
 * The hypervisor as QEMU processes driven over QMP, without libvirt. Each domain lives in {@code <root>/<server-id>/}
 * (see {@link RunDirectory}); its QEMU runs in a session of its own and is found again through its pid file, so
 * Stackbox can stop and start without stopping servers. One QMP connection per operation; operations on one domain
 * run one at a time.
 */
public final class QemuHypervisor implements Hypervisor {
    /** How long a QEMU that stopped answering QMP may take to exit before it counts as hung rather than gone. */
    private static final Duration EXITING_GRACE = Duration.ofSeconds(2);
    /**
     * How often a launch looks for QEMU's QMP socket. QEMU makes it about 60 ms after it starts (longer on a busy
     * host); from then on the wait is on the socket itself. A check is two file lookups.
     */
    private static final Duration LAUNCH_POLL = Duration.ofMillis(5);
    /** How long a guest agent call may take, connection and sync included (libvirt waits 5 s for the sync alone). */
    private static final Duration AGENT_TIMEOUT = Duration.ofSeconds(10);
    /** How often a disk copy's job is asked whether it has ended. */
    private static final Duration BACKUP_POLL = Duration.ofMillis(25);

    private final Path root;
    private final Path qemuBinary;
    private final Accelerator accelerator;
    private final java.util.concurrent.atomic.AtomicReference<Long> version = new java.util.concurrent.atomic.AtomicReference<>();
    private final QemuTimeouts timeouts;
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Optional<Path> networkNamespace;

    public QemuHypervisor(Path root, Path qemuBinary, Accelerator accelerator, QemuTimeouts timeouts) {
        this(root, qemuBinary, accelerator, timeouts, Optional.empty());
    }

    /**
     * {@code networkNamespace}: the namespace (its {@code /run/netns} file) every QEMU runs in, on a bridged cloud.
     * Running QEMU there, rather than handing it a tap's file descriptor opened there, lets it open the port's tap
     * by name at start and at hot-plug ({@code netdev_add}) alike, with no helper and no descriptor passing, which the
     * JDK cannot do; QEMU needs nothing else of the network (QMP, VNC and serial are Unix sockets in its directory).
     */
    public QemuHypervisor(Path root, Path qemuBinary, Accelerator accelerator, QemuTimeouts timeouts,
                          Optional<Path> networkNamespace) {
        this.networkNamespace = requireNonNull(networkNamespace, "networkNamespace is null");
        this.root = requireNonNull(root, "root is null").toAbsolutePath();
        this.qemuBinary = requireNonNull(qemuBinary, "qemuBinary is null");
        this.accelerator = requireNonNull(accelerator, "accelerator is null");
        this.timeouts = requireNonNull(timeouts, "timeouts is null");
        // Fails now, not at the first spawn, if the root is too long for socket paths or has a comma.
        RunDirectory.of(this.root, "00000000-0000-0000-0000-000000000000");
    }

    @Override
    public void spawn(DomainSpec spec, DiskFiles disks) {
        DomainDefinition definition = new DomainDefinition(spec, disks);
        RunDirectory directory = directory(spec.serverId());
        locked(spec.serverId(), () -> {
            if (Files.exists(directory.definition())) {
                throw new HypervisorException(DOMAIN_EXISTS, "Server " + spec.serverId() + " already has a domain");
            }
            QemuProcess.deleteDirectory(directory);
            try {
                createDirectory(directory);
                DefinitionStore.write(directory, definition);
                launch(definition, directory);
            } catch (RuntimeException e) {
                QemuProcess.find(directory).ifPresent(process -> QemuProcess.kill(process, timeouts.stop()));
                QemuProcess.deleteDirectory(directory);
                throw e instanceof HypervisorException hypervisor ? hypervisor
                        : new HypervisorException(START_FAILED, "Cannot start " + spec.serverId() + ": " + e, e);
            }
            return null;
        });
    }

    @Override
    public void destroy(String serverId) {
        RunDirectory directory = directory(serverId);
        locked(serverId, () -> {
            QemuProcess.find(directory).ifPresent(process -> stopNow(directory, process));
            QemuProcess.deleteDirectory(directory);
            return null;
        });
    }

    @Override
    public void resize(String serverId, int vcpus, int memoryMib) {
        changeDevices(serverId, (definition, running) -> {
            if (running) {
                throw new HypervisorException(INVALID_STATE, "A running domain cannot be resized: stop it first");
            }
            DomainSpec changed = changedSpec(() -> definition.spec().withResources(vcpus, memoryMib));
            return new DeviceChange(new DomainDefinition(changed, definition.disks()), qmp -> { });
        });
    }

    @Override
    public void pause(String serverId) {
        runningQmp(serverId, QmpCommand.stop());
    }

    @Override
    public void unpause(String serverId) {
        runningQmp(serverId, QmpCommand.cont());
    }

    /**
     * Stops the guest, writes its state to {@link RunDirectory#savedState()} (first under another name, so that only a
     * complete state has that name) and quits QEMU.
     */
    @Override
    public void save(String serverId) {
        RunDirectory directory = directory(serverId);
        locked(serverId, () -> {
            definitionIn(directory);
            ProcessHandle process = QemuProcess.find(directory).orElseThrow(() -> new HypervisorException(
                    INVALID_STATE, "The domain of server " + serverId + " does not run"));
            withQmp(directory, qmp -> {
                QemuSavedState.save(qmp, directory.stateSocket(), directory.partialSavedState(),
                        timeouts.stateTransfer());
                return null;
            });
            try {
                Files.move(directory.partialSavedState(), directory.savedState(),
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                deleteQuietly(directory.partialSavedState());
                withQmp(directory, qmp -> qmp.execute(QmpCommand.cont()));
                throw new UncheckedIOException("Cannot keep the saved state of " + serverId, e);
            }
            stopNow(directory, process);
            QemuProcess.removeRuntimeFiles(directory);
            return null;
        });
    }

    @Override
    public void restore(String serverId) {
        RunDirectory directory = directory(serverId);
        locked(serverId, () -> {
            DomainDefinition definition = definitionIn(directory);
            if (QemuProcess.find(directory).isPresent() || !Files.exists(directory.savedState())) {
                throw new HypervisorException(INVALID_STATE, "The domain of server " + serverId
                        + " has no saved state to resume from");
            }
            restoreIn(definition, directory);
            return null;
        });
    }

    /**
     * Starts QEMU waiting for the guest's state, loads the saved state into it and lets the guest go on; then the
     * saved state is removed. On failure QEMU is stopped and the saved state kept.
     */
    private void restoreIn(DomainDefinition definition, RunDirectory directory) {
        try {
            launch(definition, directory, true);
            withQmp(directory, qmp -> {
                QemuSavedState.restore(qmp, directory.stateSocket(), directory.savedState(),
                        timeouts.stateTransfer());
                return null;
            });
        } catch (RuntimeException e) {
            String log = QemuProcess.logTail(directory);
            QemuProcess.find(directory).ifPresent(process -> stopNow(directory, process));
            QemuProcess.removeRuntimeFiles(directory);
            throw new HypervisorException(START_FAILED, "Cannot resume " + definition.spec().serverId()
                    + " from its saved state: " + e.getMessage() + "; " + log, e);
        }
        deleteQuietly(directory.savedState());
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + file, e);
        }
    }

    private void runningQmp(String serverId, QmpCommand command) {
        RunDirectory directory = directory(serverId);
        locked(serverId, () -> {
            definitionIn(directory);
            if (QemuProcess.find(directory).isEmpty()) {
                throw new HypervisorException(INVALID_STATE, "The domain of server " + serverId + " does not run");
            }
            return withQmp(directory, qmp -> qmp.execute(command));
        });
    }

    /** QEMU's type as libvirt names it (KVM when guests run on /dev/kvm), and its version, asked once. */
    @Override
    public HypervisorDescription description() {
        String type = accelerator == Accelerator.KVM ? "KVM" : "QEMU";
        return new HypervisorDescription(type, version.updateAndGet(known -> known != null ? known : askVersion()));
    }

    private long askVersion() {
        try {
            Process process = new ProcessBuilder(qemuBinary.toString(), "--version").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            process.waitFor();
            java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("version (\\d+\\.\\d+\\.\\d+)")
                    .matcher(output);
            return matcher.find() ? HypervisorDescription.encode(matcher.group(1)) : 0;
        } catch (java.io.IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    @Override
    public void powerOn(String serverId) {
        RunDirectory directory = directory(serverId);
        locked(serverId, () -> {
            DomainDefinition definition = definitionIn(directory);
            if (QemuProcess.find(directory).isEmpty()) {
                if (Files.exists(directory.savedState())) {
                    restoreIn(definition, directory);
                } else {
                    launch(definition, directory);
                }
            }
            return null;
        });
    }

    @Override
    public PowerOffOutcome powerOff(String serverId, Duration gracefulTimeout) {
        RunDirectory directory = directory(serverId);
        return locked(serverId, () -> {
            definitionIn(directory);
            return powerOffIn(directory, gracefulTimeout);
        });
    }

    @Override
    public void reboot(String serverId, RebootType type, Duration gracefulTimeout) {
        RunDirectory directory = directory(serverId);
        locked(serverId, () -> {
            DomainDefinition definition = definitionIn(directory);
            switch (type) {
                case SOFT -> powerOffIn(directory, gracefulTimeout);
                case HARD -> QemuProcess.find(directory).ifPresent(process -> stopNow(directory, process));
            }
            QemuProcess.removeRuntimeFiles(directory);
            deleteQuietly(directory.savedState()); // a suspended guest boots afresh
            launch(definition, directory);
            return null;
        });
    }

    @Override
    public void attachDisk(String serverId, DiskDevice device, DiskFile file) {
        changeDevices(serverId, (definition, running) -> {
            DomainSpec changed = changedSpec(() -> definition.spec().withDisk(device));
            if (running && !device.bus().hotPluggable()) {
                throw new HypervisorException(INVALID_STATE,
                        "Bus " + device.bus().openStackName() + " cannot take a device while the server runs");
            }
            return new DeviceChange(new DomainDefinition(changed, definition.disks().with(device.source(), file)),
                    qmp -> QemuBlockOperations.hotPlug(qmp, definition.spec(), device, file));
        });
    }

    @Override
    public void detachDisk(String serverId, String target, Duration timeout) {
        changeDevices(serverId, (definition, running) -> {
            DiskDevice device = deviceIn(definition, target);
            if (running && !device.bus().hotPluggable()) {
                throw new HypervisorException(INVALID_STATE,
                        "Bus " + device.bus().openStackName() + " cannot lose a device while the server runs");
            }
            return new DeviceChange(new DomainDefinition(definition.spec().withoutDisk(target),
                    definition.disks().without(device.source())), qmp -> {
                if (!QemuBlockOperations.unplug(qmp, device, timeout)) {
                    throw new HypervisorException(DEVICE_BUSY,
                            "The guest did not release " + target + " within " + timeout.toSeconds() + " s");
                }
            });
        });
    }

    @Override
    public void attachInterface(String serverId, NetworkInterface card) {
        Path metadataSocket = metadataSocket(serverId);
        changeDevices(serverId, (definition, running) -> {
            DomainSpec changed = changedSpec(() -> definition.spec().withNetworkInterface(card));
            if (running && definition.spec().machineType() != MachineType.PC) {
                throw new HypervisorException(INVALID_STATE, "Machine type " + definition.spec().machineType()
                        + " cannot take a network card while the server runs");
            }
            return new DeviceChange(new DomainDefinition(changed, definition.disks()),
                    qmp -> QemuNetworkOperations.plug(qmp, card, metadataSocket));
        });
    }

    @Override
    public void detachInterface(String serverId, String macAddress, Duration timeout) {
        changeDevices(serverId, (definition, running) -> {
            NetworkInterface card = definition.spec().networkInterface(macAddress).orElseThrow(() ->
                    new HypervisorException(DEVICE_NOT_FOUND, "Server " + serverId + " has no card " + macAddress));
            return new DeviceChange(new DomainDefinition(definition.spec().withoutNetworkInterface(macAddress),
                    definition.disks()), qmp -> {
                if (!QemuNetworkOperations.unplug(qmp, card, timeout)) {
                    throw new HypervisorException(DEVICE_BUSY, "The guest did not release the card " + macAddress
                            + " within " + timeout.toSeconds() + " s");
                }
            });
        });
    }

    @Override
    public void changeMedium(String serverId, String target, DiskSource source, DiskFile file) {
        changeDevices(serverId, (definition, running) -> {
            DiskDevice drive = cdromIn(definition, target);
            DiskDevice changedDrive = drive.withSource(source);
            DomainSpec changed = changedSpec(() -> definition.spec().withReplacedDisk(changedDrive));
            return new DeviceChange(new DomainDefinition(changed,
                    definition.disks().without(drive.source()).with(source, file)), qmp -> {
                if (drive.hasMedium()) {
                    QemuBlockOperations.removeMedium(qmp, drive, false);
                }
                QemuBlockOperations.insertMedium(qmp, changedDrive, file);
            });
        });
    }

    @Override
    public void ejectMedium(String serverId, String target, boolean force) {
        changeDevices(serverId, (definition, running) -> {
            DiskDevice drive = cdromIn(definition, target);
            if (!drive.hasMedium()) {
                throw new HypervisorException(INVALID_STATE, "The CD-ROM drive " + target + " is empty");
            }
            DiskDevice empty = drive.withSource(new DiskSource.NoMedium()).withBootIndex(null);
            return new DeviceChange(new DomainDefinition(definition.spec().withReplacedDisk(empty),
                    definition.disks().without(drive.source())), qmp -> {
                QemuBlockOperations.removeMedium(qmp, drive, force);
                if (drive.bootIndex() != null) {
                    QemuBootOrder.clear(qmp, target);
                }
            });
        });
    }

    @Override
    public void setBootOrder(String serverId, List<String> targets) {
        changeDevices(serverId, (definition, running) -> {
            targets.forEach(target -> deviceIn(definition, target));
            DomainSpec changed = changedSpec(() -> CdromDrives.withBootOrder(definition.spec(), targets));
            return new DeviceChange(new DomainDefinition(changed, definition.disks()),
                    qmp -> QemuBootOrder.apply(qmp, changed));
        });
    }

    @Override
    public BackupOutcome backupDisk(String serverId, String target, Path destination, Duration timeout) {
        RunDirectory directory = directory(serverId);
        QemuDiskBackup.Names names = QemuDiskBackup.Names.of(target);
        long began = System.nanoTime();
        try {
            Duration held = locked(serverId, () -> {
                deviceIn(definitionIn(directory), target);
                if (QemuProcess.find(directory).isEmpty()) {
                    throw new HypervisorException(INVALID_STATE, "The domain of server " + serverId + " does not run");
                }
                long size = withQmp(directory, qmp -> QemuDiskBackup.virtualSize(qmp, target));
                QemuDiskBackup.createTarget(qemuImg(), destination, size);
                return withQmp(directory, qmp -> QemuDiskBackup.start(qmp, names, destination));
            });
            long deadline = began + timeout.toNanos();
            while (true) {
                Optional<Optional<String>> outcome = locked(serverId,
                        () -> withQmp(directory, qmp -> QemuDiskBackup.outcome(qmp, names)));
                if (outcome.isPresent()) {
                    if (outcome.get().isPresent()) {
                        throw new HypervisorException(COMMAND_FAILED,
                                "The copy of disk " + target + " failed: " + outcome.get().get());
                    }
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new HypervisorException(TIMEOUT, "The copy of disk " + target + " took longer than " + timeout);
                }
                sleep(BACKUP_POLL);
            }
            clearBackup(serverId, directory, names);
            return new BackupOutcome(held, Duration.ofNanos(System.nanoTime() - began));
        } catch (RuntimeException e) {
            try {
                clearBackup(serverId, directory, names);
            } catch (RuntimeException ignored) {
                // The copy's own failure is what the caller needs; a guest that is gone has nothing to clear.
            }
            try {
                Files.deleteIfExists(destination);
            } catch (IOException deleteFailure) {
                e.addSuppressed(deleteFailure);
            }
            throw e;
        }
    }

    private void clearBackup(String serverId, RunDirectory directory, QemuDiskBackup.Names names) {
        locked(serverId, () -> {
            if (QemuProcess.find(directory).isPresent()) {
                withQmp(directory, qmp -> {
                    QemuDiskBackup.clear(qmp, names);
                    return null;
                });
            }
            return null;
        });
    }

    /** qemu-img beside the QEMU binary, else the one on the path. */
    private Path qemuImg() {
        Path sibling = qemuBinary.toAbsolutePath().resolveSibling("qemu-img");
        return Files.isExecutable(sibling) ? sibling : Path.of("qemu-img");
    }

    @Override
    public void setNetworkBoot(String serverId, NetworkBoot networkBoot, List<NetworkInterface> cards) {
        changeDevices(serverId, (definition, running) -> {
            List<NetworkInterface> current = definition.spec().networkInterfaces().stream()
                    .map(card -> cards.stream().filter(given -> given.macAddress().equals(card.macAddress()))
                            .findFirst().map(given -> card.withUserNetwork(given.userNetwork())).orElse(card))
                    .toList();
            DomainSpec changed = changedSpec(() -> NetworkBootOrder.withNetworkBoot(
                    definition.spec().withNetworkInterfaces(current), networkBoot));
            return new DeviceChange(new DomainDefinition(changed, definition.disks()), qmp -> { });
        });
    }

    @Override
    public void setUserPassword(String serverId, String user, String password) {
        RunDirectory directory = directory(serverId);
        locked(serverId, () -> {
            if (!definitionIn(directory).spec().guestAgent()) {
                throw new HypervisorException(AGENT_NOT_ENABLED, "QEMU guest agent is not enabled");
            }
            if (stateIn(directory) != DomainState.RUNNING) {
                throw new HypervisorException(INVALID_STATE, "The domain of server " + serverId + " does not run");
            }
            try {
                new GuestAgentClient(directory.guestAgentSocket(), AGENT_TIMEOUT).setUserPassword(user, password);
            } catch (GuestAgentException e) {
                throw new HypervisorException(switch (e.kind()) {
                    case UNRESPONSIVE -> AGENT_UNRESPONSIVE;
                    case REFUSED -> COMMAND_FAILED;
                }, e.getMessage(), e);
            }
            return null;
        });
    }

    @Override
    public DomainState state(String serverId) {
        RunDirectory directory = directory(serverId);
        return locked(serverId, () -> {
            definitionIn(directory);
            return stateIn(directory);
        });
    }

    @Override
    public DomainSpec definition(String serverId) {
        return definitionIn(directory(serverId)).spec();
    }

    @Override
    public List<BlockDeviceEntry> blockDevices(String serverId) {
        RunDirectory directory = directory(serverId);
        return locked(serverId, () -> {
            DomainDefinition definition = definitionIn(directory);
            if (QemuProcess.find(directory).isPresent()) {
                return withQmp(directory, qmp ->
                        QemuBlockOperations.blockDevices(qmp, definition.spec(), definition.disks()));
            }
            return definition.spec().disks().stream()
                    .map(disk -> new BlockDeviceEntry(disk.target(), disk.source().name()))
                    .toList();
        });
    }

    @Override
    public ConsoleEndpoints consoles(String serverId) {
        RunDirectory directory = directory(serverId);
        // Only whether the domain exists matters: console output is polled, and reading the definition parses it.
        if (!Files.exists(directory.definition())) {
            throw new HypervisorException(DOMAIN_NOT_FOUND, "No domain for server " + serverId);
        }
        return new ConsoleEndpoints(directory.vncSocket(), directory.serialLog(), directory.serialSocket());
    }

    @Override
    public Path metadataSocket(String serverId) {
        return directory(serverId).metadataSocket();
    }

    @Override
    public List<DomainStatus> reconcile() {
        List<DomainStatus> statuses = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return statuses;
        }
        List<Path> directories;
        try (Stream<Path> children = Files.list(root)) {
            directories = children.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + root, e);
        }
        for (Path path : directories) {
            String serverId = path.getFileName().toString();
            RunDirectory directory = new RunDirectory(path);
            locked(serverId, () -> {
                if (!Files.exists(directory.definition())) {
                    // Left by a spawn that the process did not live to clean up.
                    QemuProcess.find(directory).ifPresent(process -> stopNow(directory, process));
                    QemuProcess.deleteDirectory(directory);
                    return null;
                }
                DomainState state = stateIn(directory);
                if (state == DomainState.SHUT_OFF || state == DomainState.SAVED) {
                    QemuProcess.removeRuntimeFiles(directory);
                    // Left by a save that the process did not live to finish: the guest was not suspended.
                    deleteQuietly(directory.partialSavedState());
                }
                statuses.add(new DomainStatus(serverId, state));
                return null;
            });
        }
        return statuses;
    }

    /**
     * Starts QEMU and waits until it answers QMP: QEMU answers once its machine is built (disks opened, devices made)
     * and its guest running, which is when the domain counts as started. QEMU does not start paused ({@code -S},
     * then {@code cont}, as libvirt does): that made QMP answer sooner under TCG, but the guest then waits for
     * Stackbox's round trips, and through the API neither ACTIVE nor the guest's first output came sooner.
     */
    private void launch(DomainDefinition definition, RunDirectory directory) {
        launch(definition, directory, false);
    }

    /**
     * As {@link #launch(DomainDefinition, RunDirectory)}; {@code incoming}: with {@code -incoming defer}, a QEMU whose
     * guest does not start but waits for its state ({@link QemuSavedState#restore}).
     */
    private void launch(DomainDefinition definition, RunDirectory directory, boolean incoming) {
        QemuProcess.removeRuntimeFiles(directory);
        List<String> arguments = new ArrayList<>(QemuCommandLine.build(qemuBinary, definition.spec(),
                definition.disks(), directory, accelerator));
        if (incoming) {
            arguments.add("-incoming");
            arguments.add("defer");
        }
        Process process = QemuProcess.start(arguments, directory, networkNamespace);
        long deadline = System.nanoTime() + timeouts.start().toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new HypervisorException(START_FAILED, "QEMU exited with status " + process.exitValue()
                        + " while starting " + definition.spec().serverId() + ": " + QemuProcess.logTail(directory));
            }
            if (Files.exists(directory.qmpSocket()) && Files.exists(directory.pidFile())) {
                try (QmpClient qmp = QmpClient.connect(directory.qmpSocket(), timeouts.qmpConnect())) {
                    qmp.execute(QmpCommand.queryStatus());
                    return;
                } catch (QmpException e) {
                    // Not listening yet; try again until the deadline.
                }
            }
            sleep(LAUNCH_POLL);
        }
        QemuProcess.kill(process.toHandle(), timeouts.stop());
        throw new HypervisorException(TIMEOUT, "QEMU for " + definition.spec().serverId() + " did not answer within "
                + timeouts.start().toSeconds() + " s: " + QemuProcess.logTail(directory));
    }

    private PowerOffOutcome powerOffIn(RunDirectory directory, Duration gracefulTimeout) {
        Optional<ProcessHandle> process = QemuProcess.find(directory);
        if (process.isEmpty()) {
            QemuProcess.removeRuntimeFiles(directory);
            return PowerOffOutcome.ALREADY_OFF;
        }
        try {
            withQmp(directory, qmp -> qmp.execute(QmpCommand.systemPowerdown()));
        } catch (HypervisorException e) {
            // The guest may be on its way out already; waiting tells.
        }
        PowerOffOutcome outcome = PowerOffOutcome.GRACEFUL;
        if (!QemuProcess.awaitExit(process.get(), gracefulTimeout)) {
            stopNow(directory, process.get());
            outcome = PowerOffOutcome.FORCED;
        }
        QemuProcess.removeRuntimeFiles(directory);
        return outcome;
    }

    /** {@code quit} over QMP, then SIGKILL if QEMU is still there after the stop timeout. */
    private void stopNow(RunDirectory directory, ProcessHandle process) {
        try (QmpClient qmp = QmpClient.connect(directory.qmpSocket(), timeouts.qmpConnect())) {
            qmp.execute(QmpCommand.quit());
        } catch (QmpException e) {
            // Killing it below does the job.
        }
        if (!QemuProcess.awaitExit(process, timeouts.stop())) {
            QemuProcess.kill(process, timeouts.stop());
        }
    }

    private DomainState stateIn(RunDirectory directory) {
        Optional<ProcessHandle> process = QemuProcess.find(directory);
        if (process.isEmpty()) {
            return Files.exists(directory.savedState()) ? DomainState.SAVED : DomainState.SHUT_OFF;
        }
        try (QmpClient qmp = QmpClient.connect(directory.qmpSocket(), timeouts.qmpConnect())) {
            return stateOf(qmp.execute(QmpCommand.queryStatus()).path("status").asText());
        } catch (QmpException e) {
            // A guest that powered itself off closes QMP while its process is still on its way out.
            if (QemuProcess.awaitExit(process.get(), EXITING_GRACE)) {
                return DomainState.SHUT_OFF;
            }
            throw new HypervisorException(COMMAND_FAILED, "QEMU does not answer: " + e.getMessage(), e);
        }
    }

    static DomainState stateOf(String qemuStatus) {
        return switch (qemuStatus) {
            case "running" -> DomainState.RUNNING;
            case "internal-error", "guest-panicked", "io-error" -> DomainState.CRASHED;
            case "shutdown" -> DomainState.SHUT_OFF;
            default -> DomainState.PAUSED;
        };
    }

    private <T> T withQmp(RunDirectory directory, java.util.function.Function<QmpClient, T> action) {
        try (QmpClient qmp = QmpClient.connect(directory.qmpSocket(), timeouts.qmpConnect())) {
            return action.apply(qmp);
        } catch (QmpException e) {
            throw new HypervisorException(e.kind() == QmpException.Kind.TIMEOUT ? TIMEOUT : COMMAND_FAILED,
                    e.getMessage(), e);
        }
    }

    /**
     * Applies one change to a domain's devices under its lock: plans it from the stored definition and whether QEMU
     * runs, brings a running QEMU in line over QMP, and only then stores the changed definition, so a change that
     * QEMU refused leaves the definition as it was.
     */
    private void changeDevices(String serverId, DeviceChangePlan plan) {
        RunDirectory directory = directory(serverId);
        locked(serverId, () -> {
            DomainDefinition definition = definitionIn(directory);
            if (Files.exists(directory.savedState())) {
                // The saved state holds the guest's devices as they were; it could not be loaded into others.
                throw new HypervisorException(INVALID_STATE, "The devices of suspended server " + serverId
                        + " cannot change: resume it first");
            }
            boolean running = QemuProcess.find(directory).isPresent();
            DeviceChange change = plan.plan(definition, running);
            if (running) {
                withQmp(directory, qmp -> {
                    change.whileRunning().apply(qmp);
                    return null;
                });
            }
            DefinitionStore.write(directory, change.changed());
            return null;
        });
    }

    /**
     * Plans a change to a domain's devices from its stored definition and whether its QEMU runs; throws when the
     * change is not possible (in that state).
     */
    @FunctionalInterface
    private interface DeviceChangePlan {
        DeviceChange plan(DomainDefinition definition, boolean running);
    }

    /** The definition a change leaves, and the QMP work that makes a running QEMU match it. */
    private record DeviceChange(DomainDefinition changed, QmpWork whileRunning) {
    }

    @FunctionalInterface
    private interface QmpWork {
        void apply(QmpClient qmp);
    }

    private DomainDefinition definitionIn(RunDirectory directory) {
        return DefinitionStore.read(directory).orElseThrow(() -> new HypervisorException(DOMAIN_NOT_FOUND,
                "No domain for server " + directory.path().getFileName()));
    }

    private static DiskDevice deviceIn(DomainDefinition definition, String target) {
        return definition.spec().disk(target).orElseThrow(() -> new HypervisorException(DEVICE_NOT_FOUND,
                "Server " + definition.spec().serverId() + " has no device " + target));
    }

    private static DiskDevice cdromIn(DomainDefinition definition, String target) {
        DiskDevice drive = deviceIn(definition, target);
        if (drive.deviceType() != DeviceType.CDROM) {
            throw new HypervisorException(INVALID_STATE, target + " is not a CD-ROM drive");
        }
        return drive;
    }

    private static DomainSpec changedSpec(Supplier<DomainSpec> change) {
        try {
            return change.get();
        } catch (IllegalArgumentException e) {
            throw new HypervisorException(INVALID_STATE, e.getMessage(), e);
        }
    }

    private static void createDirectory(RunDirectory directory) {
        try {
            Files.createDirectories(directory.path());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + directory.path(), e);
        }
    }

    private RunDirectory directory(String serverId) {
        if (!serverId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new HypervisorException(DOMAIN_NOT_FOUND, "No domain for server " + serverId);
        }
        return RunDirectory.of(root, serverId);
    }

    private <T> T locked(String serverId, Supplier<T> action) {
        ReentrantLock lock = locks.computeIfAbsent(serverId, id -> new ReentrantLock());
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HypervisorException(TIMEOUT, "Interrupted while waiting for QEMU", e);
        }
    }
}
