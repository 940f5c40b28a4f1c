package org.stackbox.compute;

import org.stackbox.common.DataDirectoryFull;
import org.stackbox.common.StackboxException;
import org.stackbox.common.ErrorKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stackbox.compute.metadata.MetadataService;
import org.stackbox.compute.model.Fault;
import org.stackbox.compute.model.Server;
import org.stackbox.compute.model.ServerStatus;
import org.stackbox.compute.model.ServerVolume;
import org.stackbox.compute.model.TaskState;
import org.stackbox.compute.store.ServerRepository;
import org.stackbox.compute.store.ServerVolumeRepository;
import org.stackbox.common.ServiceException;
import org.stackbox.common.Json;
import org.stackbox.image.spi.Images;
import org.stackbox.virt.DiskDevice;
import org.stackbox.virt.DiskFile;
import org.stackbox.virt.DiskSource;
import org.stackbox.virt.DomainSpec;
import org.stackbox.virt.FileFormat;
import org.stackbox.virt.Hypervisor;
import org.stackbox.volume.spi.Volumes;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import static java.util.Objects.requireNonNull;

/**
 * Builds a server on its serial executor: claims the host's resources, makes the volumes it asks for, lays out its
 * devices, makes its local disks (the config drive with the server's metadata), spawns the domain and answers its
 * guest's metadata requests. Post-condition: the server is ACTIVE, or ERROR with a fault and nothing of it left
 * running or allocated (its claim released, volumes it made deleted, others available again, its ports released).
 */
final class ServerBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(ServerBuilder.class);
    static final String NO_VALID_HOST = "No valid host was found. There are not enough hosts available.";
    private static final Set<TaskState> BUILD_TASKS = EnumSet.of(TaskState.SCHEDULING,
            TaskState.BLOCK_DEVICE_MAPPING, TaskState.SPAWNING);

    private final ServerGroups groups;
    private final ServerRepository servers;
    private final ServerVolumeRepository serverVolumes;
    private final Images images;
    private final Volumes volumes;
    private final ServerDisks disks;
    private final ServerNetworks networks;
    private final Hypervisor hypervisor;
    private final HostCapacity capacity;
    private final InstanceActions actions;
    private final ComputeConfig config;
    private final MetadataService metadata;
    private final Executor workers;
    private final Clock clock;

    ServerBuilder(ServerRepository servers, ServerVolumeRepository serverVolumes, Images images, Volumes volumes,
                  ServerDisks disks, ServerNetworks networks, Hypervisor hypervisor, HostCapacity capacity,
                  InstanceActions actions, ComputeConfig config, MetadataService metadata, ServerGroups groups,
                  Executor workers, Clock clock) {
        this.workers = requireNonNull(workers, "workers is null");
        this.groups = requireNonNull(groups, "groups is null");
        this.servers = requireNonNull(servers, "servers is null");
        this.serverVolumes = requireNonNull(serverVolumes, "serverVolumes is null");
        this.images = requireNonNull(images, "images is null");
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.disks = requireNonNull(disks, "disks is null");
        this.networks = requireNonNull(networks, "networks is null");
        this.hypervisor = requireNonNull(hypervisor, "hypervisor is null");
        this.capacity = requireNonNull(capacity, "capacity is null");
        this.actions = requireNonNull(actions, "actions is null");
        this.config = requireNonNull(config, "config is null");
        this.metadata = requireNonNull(metadata, "metadata is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    void build(BuildPlan plan) {
        List<String> createdVolumes = new ArrayList<>();
        try {
            Server server = current(plan.serverId());
            if (server.status() != ServerStatus.BUILD || server.taskState() != TaskState.SCHEDULING) {
                actions.failed(plan.requestId(), takenOver(plan.serverId()));
                return; // deleted before it was built
            }
            if (!groups.admits(plan.serverId())) {
                throw ServiceException.internal(NO_VALID_HOST);
            }
            if (!capacity.claim(plan.serverId(), new HostCapacity.Resources(plan.flavor().vcpus(),
                    plan.flavor().memoryMib(), plan.flavor().diskGib()))) {
                throw ServiceException.internal(NO_VALID_HOST);
            }
            advance(plan.serverId(), TaskState.SCHEDULING, TaskState.BLOCK_DEVICE_MAPPING);
            Map<Integer, String> volumeIds = new HashMap<>();
            Map<String, String> attachments = new LinkedHashMap<>(plan.reservedAttachments());
            for (int index = 0; index < plan.mappings().size(); index++) {
                RequestedMapping mapping = plan.mappings().get(index);
                if (mapping.sourceType() == org.stackbox.virt.SourceType.VOLUME) {
                    volumeIds.put(index, mapping.uuid().orElseThrow());
                } else if (mapping.createsVolume()) {
                    Volumes.VolumeDescription volume = mapping.sourceType() == org.stackbox.virt.SourceType.SNAPSHOT
                            ? volumes.createFromSnapshot(plan.caller(), "", mapping.volumeSize().orElseThrow(),
                                    mapping.uuid().orElseThrow(), config.volumeTimeout())
                            : volumes.create(plan.caller(), "", mapping.volumeSize().orElseThrow(), imageOf(mapping),
                                    config.volumeTimeout());
                    createdVolumes.add(volume.id());
                    attachments.put(volume.id(), volumes.reserve(plan.caller(), volume.id(), plan.serverId()));
                    serverVolumes.insert(new ServerVolume(plan.serverId(), volume.id(), attachments.get(volume.id()),
                            null, mapping.bootIndex().isPresent() ? mapping.bootIndex().getAsInt() : null,
                            mapping.deleteOnTermination(), clock.instant()));
                    volumeIds.put(index, volume.id());
                }
            }
            DomainSpec spec = Layouts.layout(plan.serverId(), plan.flavor(), plan.imageMeta(), plan.mappings(),
                    volumeIds, plan.configDrive(), plan.ports(), server.metadata());
            advance(plan.serverId(), TaskState.BLOCK_DEVICE_MAPPING, TaskState.SPAWNING);
            long disksStarted = System.nanoTime();
            Map<DiskSource, DiskFile> files = makeDisks(plan, spec, attachments);
            long spawnStarted = System.nanoTime();
            hypervisor.spawn(spec, org.stackbox.virt.DiskFiles.of(files));
            metadata.listen(plan.serverId());
            long spawned = System.nanoTime();
            if (!servers.launched(plan.serverId(), HostCapacity.HOST_NAME, Json.write(spec), clock.instant())) {
                throw takenOver(plan.serverId());
            }
            actions.succeeded(plan.requestId());
            LOG.info("Server {} is ACTIVE: disks {} ms, spawn {} ms", plan.serverId(),
                    (spawnStarted - disksStarted) / 1_000_000, (spawned - spawnStarted) / 1_000_000);
        } catch (RuntimeException failure) {
            LOG.warn("Building server {} failed: {}", plan.serverId(), failure.toString());
            cleanUp(plan, createdVolumes);
            ErrorKind kind = failure instanceof StackboxException known ? known.kind() : ErrorKind.INTERNAL;
            Fault fault = DataDirectoryFull.causes(failure)
                    ? Fault.of(ErrorKind.UNAVAILABLE, DataDirectoryFull.MESSAGE) : Fault.of(kind, message(failure));
            servers.failTask(plan.serverId(), BUILD_TASKS, fault, clock.instant());
            actions.failed(plan.requestId(), failure);
        }
    }

    /**
     * The files of the server's disks. The config drive (genisoimage) is made on a worker while the others are made
     * here (qemu-img for the root disk, the volumes' connections): neither waits for the other's process.
     */
    private Map<DiskSource, DiskFile> makeDisks(BuildPlan plan, DomainSpec spec, Map<String, String> attachments) {
        Optional<CompletableFuture<DiskFile>> configDrive = spec.disks().stream()
                .filter(device -> device.source() instanceof DiskSource.ConfigDrive).findFirst()
                .map(device -> CompletableFuture.supplyAsync(() -> fileFor(plan, spec, device, attachments), workers));
        Map<DiskSource, DiskFile> files = new LinkedHashMap<>();
        try {
            for (DiskDevice device : spec.disks()) {
                files.put(device.source(), device.source() instanceof DiskSource.ConfigDrive
                        ? awaitConfigDrive(configDrive.orElseThrow()) : fileFor(plan, spec, device, attachments));
            }
        } finally {
            // A failure of another disk still waits for the drive, so that the clean-up finds it whole or absent.
            configDrive.ifPresent(drive -> drive.handle((file, failure) -> null).join());
        }
        return files;
    }

    private static DiskFile awaitConfigDrive(CompletableFuture<DiskFile> drive) {
        try {
            return drive.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private DiskFile fileFor(BuildPlan plan, DomainSpec spec, DiskDevice device, Map<String, String> attachments) {
        DiskSource source = device.source();
        if (source instanceof DiskSource.RootDisk) {
            Path imageFile = images.localFile(plan.image().orElseThrow().id()).orElseThrow(() ->
                    ServiceException.invalid("Image %s has no local data.", plan.image().orElseThrow().id()));
            return disks.createRootDisk(plan.serverId(), plan.image().orElseThrow(), imageFile, plan.flavor().diskGib());
        }
        if (source instanceof DiskSource.ConfigDrive) {
            return disks.createConfigDrive(plan.serverId(), metadata.configDrive(plan.serverId(), spec));
        }
        if (source instanceof DiskSource.Volume volume) {
            String attachmentId = attachments.get(volume.volumeId());
            Path path = volumes.connect(plan.caller(), attachmentId, "/dev/" + device.target());
            ServerVolume row = serverVolumes.find(plan.serverId(), volume.volumeId()).orElseThrow();
            serverVolumes.update(row.attached(attachmentId, "/dev/" + device.target()));
            return new DiskFile(path, FileFormat.QCOW2);
        }
        throw new IllegalStateException("No file for " + source.name());
    }

    private void cleanUp(BuildPlan plan, List<String> createdVolumes) {
        quietly(() -> metadata.stopListening(plan.serverId()));
        quietly(() -> hypervisor.destroy(plan.serverId()));
        quietly(() -> disks.delete(plan.serverId()));
        for (ServerVolume volume : serverVolumes.forServer(plan.serverId())) {
            if (volume.attachmentId() != null) {
                quietly(() -> volumes.release(plan.caller(), volume.attachmentId()));
            }
            if (createdVolumes.contains(volume.volumeId())) {
                quietly(() -> volumes.delete(plan.caller(), volume.volumeId()));
            }
            serverVolumes.delete(plan.serverId(), volume.volumeId());
        }
        // As Nova deallocates the network of a server that failed to build: an ERROR server has no ports.
        quietly(() -> networks.releaseAll(plan.serverId()));
        capacity.release(plan.serverId());
    }

    private static Optional<String> imageOf(RequestedMapping mapping) {
        return mapping.sourceType() == org.stackbox.virt.SourceType.IMAGE ? mapping.uuid() : Optional.empty();
    }

    private static String message(RuntimeException failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    private Server current(String serverId) {
        return servers.findById(serverId).orElseThrow();
    }

    /** Moves the build on a step, unless a delete took the server over: then the build stops and cleans up. */
    private void advance(String serverId, TaskState from, TaskState to) {
        if (!servers.advanceBuild(serverId, from, to, HostCapacity.HOST_NAME, clock.instant())) {
            throw takenOver(serverId);
        }
    }

    private static ServiceException takenOver(String serverId) {
        return ServiceException.conflict("Server %s was deleted while it was built.", serverId);
    }

    static void quietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("Clean-up step failed: {}", e.toString());
        }
    }
}
