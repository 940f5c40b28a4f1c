package org.stackbox.compute;

import org.stackbox.common.Ids;
import org.stackbox.common.ServiceException;
import org.stackbox.common.auth.Caller;
import org.stackbox.compute.keypair.KeyPair;
import org.stackbox.compute.keypair.KeyPairService;
import org.stackbox.compute.metadata.MetadataService;
import org.stackbox.compute.model.ComputeFlavor;
import org.stackbox.compute.model.PowerState;
import org.stackbox.compute.model.Server;
import org.stackbox.compute.model.ServerGroup;
import org.stackbox.compute.model.ServerStatus;
import org.stackbox.compute.model.ServerVolume;
import org.stackbox.compute.model.TaskState;
import org.stackbox.compute.store.ServerRepository;
import org.stackbox.compute.store.ServerVolumeRepository;
import org.stackbox.image.spi.ImageDescription;
import org.stackbox.image.spi.Images;
import org.stackbox.network.spi.ServerPort;
import org.stackbox.virt.ImageMeta;
import org.stackbox.virt.NetworkBoot;
import org.stackbox.virt.SourceType;
import org.stackbox.volume.spi.Volumes;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * New servers: a create request checked with Nova's rules and messages, its volumes reserved and its ports bound, and
 * the server recorded in BUILD; {@link ServerBuilder} builds it on the server's serial executor.
 */
public final class ServerCreation {
    public static final String AVAILABILITY_ZONE = "nova";

    private final ComputeQuotas quotas;
    private final ServerGroups groups;
    private final ServerRepository servers;
    private final ServerVolumeRepository serverVolumes;
    private final ComputeFlavors flavors;
    private final Images images;
    private final Volumes volumes;
    private final ServerNetworks networks;
    private final InstanceActions actions;
    private final SerialExecutors executors;
    private final KeyPairService keyPairs;
    private final MetadataService metadata;
    private final ServerBuilder builder;
    private final Clock clock;

    ServerCreation(ServerRepository servers, ServerVolumeRepository serverVolumes, ComputeFlavors flavors,
                   Images images, Volumes volumes, ServerNetworks networks, InstanceActions actions,
                   SerialExecutors executors, KeyPairService keyPairs, MetadataService metadata,
                   ServerBuilder builder, ComputeQuotas quotas, ServerGroups groups, Clock clock) {
        this.groups = requireNonNull(groups, "groups is null");
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.servers = requireNonNull(servers, "servers is null");
        this.serverVolumes = requireNonNull(serverVolumes, "serverVolumes is null");
        this.flavors = requireNonNull(flavors, "flavors is null");
        this.images = requireNonNull(images, "images is null");
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.networks = requireNonNull(networks, "networks is null");
        this.actions = requireNonNull(actions, "actions is null");
        this.executors = requireNonNull(executors, "executors is null");
        this.keyPairs = requireNonNull(keyPairs, "keyPairs is null");
        this.metadata = requireNonNull(metadata, "metadata is null");
        this.builder = requireNonNull(builder, "builder is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Nova's multiple create: between {@code minCount} and {@code maxCount} servers of the request (as many as the
     * project's quota allows), named {@code NAME-1}, {@code NAME-2} ... when there is more than one.
     */
    public List<Server> createMany(Caller caller, CreateServer request, int minCount, int maxCount) {
        if (maxCount <= 1) {
            return List.of(create(caller, request));
        }
        requireProject(caller);
        ComputeFlavor flavor = usableFlavor(caller, request.flavorRef());
        int count = quotas.roomForServers(caller.projectId(), flavor, minCount, maxCount);
        List<Server> made = new java.util.ArrayList<>();
        for (int index = 1; index <= count; index++) {
            made.add(create(caller, request.named(request.name() + "-" + index)));
        }
        return made;
    }

    /** Validates the request, reserves its volumes and records the server in BUILD; the build goes on in the background. */
    public Server create(Caller caller, CreateServer request) {
        requireProject(caller);
        long allowedItems = quotas.metadataItems(caller.projectId());
        if (allowedItems >= 0 && request.metadata().size() > allowedItems) {
            throw ServiceException.forbidden("Maximum number of metadata items exceeds %d", allowedItems);
        }
        request.availabilityZone().filter(zone -> !zone.equals(AVAILABILITY_ZONE)).ifPresent(zone -> {
            throw ServiceException.invalid("The requested availability zone is not available");
        });
        NetworkBoot networkBoot = BootOrder.of(request.metadata());
        NetbootImages.requireUsable(images, caller, request.metadata());
        ComputeFlavor flavor = usableFlavor(caller, request.flavorRef());
        quotas.requireRoomForServers(caller.projectId(), flavor, 1);
        Optional<ServerGroup> group = request.group().map(id -> groups.requireRoomIn(caller, id));
        Optional<ImageDescription> image = request.imageRef().map(id -> activeImage(caller, id));
        Optional<KeyPair> key = request.keyName().map(name -> keyPairs.forNewServer(caller, name));
        String serverId = Ids.uuid();
        List<RequestedMapping> mappings = CreateRules.withImageMapping(request, image);
        if (mappings.stream().noneMatch(RequestedMapping::isBootDevice)) {
            // An image made from a server booted from volumes boots as new volumes from its snapshots.
            image.ifPresent(found -> mappings.addAll(0, ImageBlockDevices.of(found)));
        }
        Map<Integer, String> volumeIds = new HashMap<>();
        boolean rootIsLocal = image.isPresent() && mappings.stream().noneMatch(m -> m.isBootDevice() && !m.isImageRootDisk());
        for (int index = 0; index < mappings.size(); index++) {
            RequestedMapping mapping = mappings.get(index);
            if (mapping.sourceType() == SourceType.VOLUME) {
                String volumeId = mapping.uuid().orElseThrow(() ->
                        ServiceException.invalid("Block Device Mapping is Invalid: a volume source needs its uuid."));
                Volumes.VolumeDescription volume = ServerVolumeAttachments.findVolume(volumes, caller, volumeId);
                // A disk that may not boot is what a server that falls through to the network boots with.
                if (mapping.isBootDevice() && !volume.bootable() && networkBoot == NetworkBoot.NEVER) {
                    throw ServiceException.invalid("Block Device %s is not bootable.", volumeId);
                }
                volumeIds.put(index, volumeId);
            } else if (mapping.createsVolume()) {
                if (mapping.sourceType() == SourceType.SNAPSHOT) {
                    mapping = withSnapshotSize(caller, mapping);
                    mappings.set(index, mapping);
                }
                if (mapping.volumeSize().isEmpty() || mapping.volumeSize().getAsInt() < 1) {
                    throw ServiceException.invalid("Block Device Mapping is Invalid: volume_size is required "
                            + "to make a volume from source %s.", mapping.sourceType().name().toLowerCase());
                }
                if (mapping.sourceType() == SourceType.IMAGE) {
                    activeImage(caller, mapping.uuid().orElseThrow(() ->
                            ServiceException.invalid("Block Device Mapping is Invalid: an image source needs its uuid.")));
                }
                volumeIds.put(index, Ids.uuid());
            }
        }
        Optional<ImageMeta> imageMeta = image.map(CreateRules::imageMeta);
        if (rootIsLocal) {
            CreateRules.requireFlavorFits(flavor, image.orElseThrow());
        }
        boolean configDrive = request.configDrive().orElse(true);
        Layouts.layout(serverId, flavor, imageMeta, mappings, volumeIds, configDrive, List.of(), request.metadata());

        List<ServerPort> ports = networks.allocate(caller, serverId, request.networks(), request.securityGroups());
        Map<String, String> reserved = new LinkedHashMap<>();
        try {
            for (RequestedMapping mapping : mappings) {
                if (mapping.sourceType() == SourceType.VOLUME) {
                    String volumeId = mapping.uuid().orElseThrow();
                    reserved.put(volumeId, volumes.reserve(caller, volumeId, serverId));
                }
            }
        } catch (RuntimeException e) {
            reserved.values().forEach(attachment -> ServerBuilder.quietly(() -> volumes.release(caller, attachment)));
            ServerBuilder.quietly(() -> networks.releaseAll(serverId));
            throw e;
        }
        var now = clock.instant();
        Server server = new Server(serverId, caller.projectId(), caller.userId(), request.name(),
                request.description().orElse(null), flavor.id(), image.map(ImageDescription::id).orElse(null),
                ServerStatus.BUILD, TaskState.SCHEDULING, PowerState.NOSTATE, null, request.keyName().orElse(null),
                request.userData().orElse(null), configDrive, request.metadata(), request.networks().recorded(),
                ports.isEmpty() ? null : ports.get(0).macAddress(), request.availabilityZone().orElse(AVAILABILITY_ZONE),
                null, null, null, null, null, null, now, now);
        servers.insert(server);
        group.ifPresent(joined -> groups.join(joined, serverId));
        metadata.recordNewServer(serverId, request.name(), key);
        for (RequestedMapping mapping : mappings) {
            if (mapping.sourceType() == SourceType.VOLUME) {
                String volumeId = mapping.uuid().orElseThrow();
                serverVolumes.insert(new ServerVolume(serverId, volumeId, reserved.get(volumeId), null,
                        mapping.bootIndex().isPresent() ? mapping.bootIndex().getAsInt() : null,
                        mapping.deleteOnTermination(), now));
            }
        }
        String requestId = actions.start(caller, serverId, "create", "compute__do_build_and_run_instance");
        BuildPlan plan = new BuildPlan(caller, serverId, requestId, flavor, image, imageMeta, mappings, reserved,
                configDrive, ports);
        executors.submit(serverId, () -> builder.build(plan));
        return server;
    }

    /**
     * A mapping from a volume snapshot, checked (Nova's InvalidBDMSnapshot for one the caller cannot find) and sized:
     * without a {@code volume_size} the volume is the snapshot's size, and never smaller.
     */
    private RequestedMapping withSnapshotSize(Caller caller, RequestedMapping mapping) {
        String snapshotId = mapping.uuid().orElseThrow(() ->
                ServiceException.invalid("Block Device Mapping is Invalid: a snapshot source needs its uuid."));
        Volumes.SnapshotDescription snapshot;
        try {
            snapshot = volumes.findSnapshot(caller, snapshotId);
        } catch (ServiceException notFound) {
            throw ServiceException.invalid("Block Device Mapping is Invalid: failed to get snapshot %s.", snapshotId);
        }
        if (!snapshot.status().equals("available")) {
            throw ServiceException.invalid("Block Device Mapping is Invalid: snapshot %s is %s, not available.",
                    snapshotId, snapshot.status());
        }
        if (mapping.volumeSize().isPresent() && mapping.volumeSize().getAsInt() >= snapshot.sizeGib()) {
            return mapping;
        }
        if (mapping.volumeSize().isPresent() && mapping.volumeSize().getAsInt() > 0) {
            throw ServiceException.invalid("Block Device Mapping is Invalid: volume_size %d is smaller than snapshot "
                    + "%s (%d GiB).", mapping.volumeSize().getAsInt(), snapshotId, snapshot.sizeGib());
        }
        return new RequestedMapping(mapping.sourceType(), mapping.destinationType(), mapping.uuid(),
                mapping.bootIndex(), OptionalInt.of(snapshot.sizeGib()), mapping.deleteOnTermination(),
                mapping.deviceType(), mapping.diskBus(), mapping.deviceName());
    }

    /** A live flavor the caller may use; Nova's 400 for any other reference. */
    private ComputeFlavor usableFlavor(Caller caller, String flavorRef) {
        return flavors.find(flavorRef).filter(found -> !found.deleted()).filter(found -> flavors.usableBy(caller, found))
                .orElseThrow(() -> ServiceException.invalid("Invalid flavorRef provided."));
    }

    private ImageDescription activeImage(Caller caller, String imageId) {
        return images.findActive(caller, imageId).orElseThrow(() ->
                ServiceException.invalid("Image %s could not be found or is not active.", imageId));
    }

    private static void requireProject(Caller caller) {
        if (!caller.isProjectScoped()) {
            throw ServiceException.forbidden("A server belongs to a project: use a project-scoped token.");
        }
    }
}
