package org.stackbox.compute;

import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stackbox.compute.http.ComputeApi;
import org.stackbox.compute.keypair.KeyPairService;
import org.stackbox.compute.metadata.GuestNetworks;
import org.stackbox.compute.metadata.MetadataService;
import org.stackbox.compute.store.FlavorAccessRepository;
import org.stackbox.compute.store.FlavorRepository;
import org.stackbox.compute.store.GuestIdentityRepository;
import org.stackbox.compute.store.InstanceActionRepository;
import org.stackbox.compute.store.KeyPairRepository;
import org.stackbox.compute.store.MigrationRepository;
import org.stackbox.compute.store.QuotaRepository;
import org.stackbox.compute.store.ServerGroupRepository;
import org.stackbox.compute.store.ServerRepository;
import org.stackbox.compute.store.ServerVolumeRepository;
import org.stackbox.compute.store.TaskLogRepository;
import org.stackbox.compute.spi.RemoteConsoles;
import org.stackbox.image.spi.Images;
import org.stackbox.network.spi.Ports;
import org.stackbox.storage.block.BlockStore;
import org.stackbox.virt.Hypervisor;
import org.stackbox.volume.spi.Volumes;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * The compute service's parts, made from what the composition root hands over: its repositories, the serial
 * executors, the server operations (one class per role, sharing {@link ServerTransitions}), the recovery and the API.
 * {@link #start()} runs after the {@code compute} migrations.
 */
public final class ComputeModule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ComputeModule.class);

    private final ServerOperations operations;
    private final ServerRecovery recovery;
    private final ServerSnapshots snapshots;
    private final KeyPairService keyPairs;
    private final MetadataService metadata;
    private final ComputeQuotas quotas;
    private final ComputeFlavors flavors;
    private final ComputeApi api;
    private final ComputeConfig config;
    private final InstanceUsageAudit usageAudit;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;

    public ComputeModule(Jdbi jdbi, Images images, Volumes volumes, Ports ports, Hypervisor hypervisor,
                         BlockStore rootDisks, Path configDrives, HostCapacity capacity, RemoteConsoles consoles,
                         ComputeConfig config,
                         String computeUrl, String imageUrl) {
        requireNonNull(jdbi, "jdbi is null");
        Clock clock = Clock.systemUTC();
        this.config = requireNonNull(config, "config is null");
        this.workers = Executors.newCachedThreadPool(daemon("compute-worker"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("compute-power-sync"));
        FlavorRepository flavorRepository = new FlavorRepository(jdbi);
        InstanceActionRepository actionRepository = new InstanceActionRepository(jdbi);
        this.flavors = new ComputeFlavors(flavorRepository, new FlavorAccessRepository(jdbi));
        ServerRepository serverRepository = new ServerRepository(jdbi);
        ServerGroupRepository groupRepository = new ServerGroupRepository(jdbi);
        this.quotas = new ComputeQuotas(new QuotaRepository(jdbi), serverRepository, flavors, groupRepository);
        ServerGroups groups = new ServerGroups(groupRepository, quotas, clock);
        ServerMigrations migrations = new ServerMigrations(new MigrationRepository(jdbi), clock);
        ServerVolumeRepository serverVolumeRepository = new ServerVolumeRepository(jdbi);
        ServerDisks disks = new ServerDisks(rootDisks, configDrives);
        InstanceActions instanceActions = new InstanceActions(actionRepository, clock);
        SerialExecutors executors = new SerialExecutors(workers);
        KeyPairService keyPairs = new KeyPairService(new KeyPairRepository(jdbi), clock);
        this.metadata = new MetadataService(serverRepository, serverVolumeRepository, flavorRepository,
                new GuestIdentityRepository(jdbi), GuestNetworks.fromPorts(ports), hypervisor, images::localFile, clock);
        ServerNetworks networks = new ServerNetworks(ports);
        ServerTransitions transitions = new ServerTransitions(serverRepository, hypervisor, consoles, instanceActions,
                executors, clock);
        ServerBuilder builder = new ServerBuilder(serverRepository, serverVolumeRepository, images, volumes, disks,
                networks, hypervisor, capacity, instanceActions, config, metadata, groups, workers, clock);
        ServerPowerActions power = new ServerPowerActions(serverVolumeRepository, images, volumes, hypervisor,
                consoles, transitions, new ServerNetboot(serverRepository, networks, hypervisor), config);
        ServerDeletion deletion = new ServerDeletion(serverRepository, serverVolumeRepository, volumes, disks,
                networks, hypervisor, capacity, metadata, consoles, transitions, migrations, clock);
        // Snapshot copies on their way to the image service sit beside the config drives, on the same disk.
        this.snapshots = new ServerSnapshots(serverRepository, serverVolumeRepository, flavorRepository, images,
                volumes, disks, hypervisor, transitions,
                new SnapshotScratch(configDrives.toAbsolutePath().resolveSibling("snapshots-scratch")), clock);
        ServerSnapshots snapshots = this.snapshots;
        this.operations = new ServerOperations(
                new Servers(serverRepository, transitions, quotas, images, clock),
                new ServerCreation(serverRepository, serverVolumeRepository, flavors, images, volumes,
                        networks, instanceActions, executors, keyPairs, metadata, builder, quotas, groups, clock),
                deletion,
                power,
                new ServerVolumeAttachments(serverVolumeRepository, images, volumes, hypervisor, transitions, config,
                        clock),
                new ServerInterfaceAttachments(networks, hypervisor, transitions, config),
                new ServerConsoles(hypervisor, consoles, transitions),
                new IsoMedia(serverVolumeRepository, images, volumes, disks, hypervisor, transitions),
                new ServerRebuild(serverRepository, flavorRepository, images, disks, hypervisor, metadata, consoles,
                        transitions, clock),
                new ServerResize(serverRepository, flavors, disks, hypervisor, capacity, quotas, consoles,
                        transitions, power, migrations, clock),
                snapshots,
                new ServerPasswords(serverVolumeRepository, images, volumes, hypervisor, transitions));
        this.recovery = new ServerRecovery(serverRepository, flavorRepository, hypervisor, capacity, metadata,
                executors, transitions, deletion,
                new InterruptedAttachments(serverVolumeRepository, volumes, hypervisor, clock), migrations, clock);
        this.keyPairs = keyPairs;
        ServerUsages usages = new ServerUsages(serverRepository, flavors, clock);
        this.usageAudit = new InstanceUsageAudit(new TaskLogRepository(jdbi), usages, UsageRecords.logged(),
                config.usageAuditPeriod(), HostCapacity.HOST_NAME, clock);
        this.api = new ComputeApi(computeUrl, imageUrl, operations, flavors, actionRepository, keyPairs,
                quotas, new ComputeHost(capacity, serverRepository, hypervisor, clock.instant()), images, volumes,
                groups, usages, migrations, usageAudit);
    }

    public ComputeApi api() { return api; }

    public ServerOperations servers() { return operations; }

    public ComputeQuotas quotas() { return quotas; }

    public ServerRecovery recovery() { return recovery; }

    public MetadataService metadata() { return metadata; }

    public KeyPairService keyPairs() { return keyPairs; }

    /**
     * Adds the default flavors, reconciles servers with the domains found, and starts the power-state sync and the
     * usage audit.
     */
    public void start() {
        flavors.ensureDefaults();
        snapshots.discardInterrupted();
        recovery.recover();
        long period = config.powerSyncInterval().toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                recovery.syncPowerStates();
            } catch (RuntimeException e) {
                LOG.warn("Power state sync failed: {}", e.toString());
            }
        }, period, period, TimeUnit.MILLISECONDS);
        if (config.usageAudit()) {
            usageAudit.start(timer);
        }
    }

    /** Stops Stackbox's own threads and metadata sockets; the servers' QEMU processes keep running. */
    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
        metadata.close();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
