package org.stackbox.compute;

import org.stackbox.common.StackboxException;
import org.stackbox.common.ErrorKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stackbox.common.auth.Caller;
import org.stackbox.common.ServiceException;
import org.stackbox.common.ConsoleType;
import org.stackbox.common.Ids;
import org.stackbox.common.Json;
import org.stackbox.compute.keypair.KeyPair;
import org.stackbox.compute.keypair.KeyPairService;
import org.stackbox.compute.metadata.MetadataService;
import org.stackbox.compute.model.ComputeFlavor;
import org.stackbox.compute.model.PowerState;
import org.stackbox.compute.model.Server;
import org.stackbox.compute.model.ServerAction;
import org.stackbox.compute.model.ServerStatus;
import org.stackbox.compute.model.ServerVolume;
import org.stackbox.compute.model.TaskState;
import org.stackbox.compute.spi.RemoteConsoles;
import org.stackbox.compute.store.FlavorRepository;
import org.stackbox.compute.store.ServerRepository;
import org.stackbox.compute.store.ServerVolumeRepository;
import org.stackbox.image.spi.ImageDescription;
import org.stackbox.image.spi.Images;
import org.stackbox.network.spi.Ports;
import org.stackbox.network.spi.ServerPort;
import org.stackbox.virt.BlockDeviceEntry;
import org.stackbox.virt.BlockDeviceLayout;
import org.stackbox.virt.DeviceType;
import org.stackbox.virt.DiskDevice;
import org.stackbox.virt.DiskFile;
import org.stackbox.virt.DiskSource;
import org.stackbox.virt.DomainSpec;
import org.stackbox.virt.FileFormat;
import org.stackbox.virt.Hypervisor;
import org.stackbox.virt.HypervisorException;
import org.stackbox.virt.ImageMeta;
import org.stackbox.virt.RebootType;
import org.stackbox.virt.SourceType;
import org.stackbox.volume.spi.Volumes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static java.util.Objects.requireNonNull;

/**
 * Servers on the local hypervisor: validation of create requests with Nova's rules and messages, and every action,
 * each checked against the server's state and applied on the server's serial executor.
 */
public final class ComputeService {
    private static final Logger LOG = LoggerFactory.getLogger(ComputeService.class);
    public static final String AVAILABILITY_ZONE = "nova";

    private final ServerRepository servers;
    private final ServerVolumeRepository serverVolumes;
    private final FlavorRepository flavors;
    private final Images images;
    private final Volumes volumes;
    private final ServerDisks disks;
    private final ServerNetworks networks;
    private final Hypervisor hypervisor;
    private final HostCapacity capacity;
    private final InstanceActions actions;
    private final SerialExecutors executors;
    private final RemoteConsoles consoles;
    private final ServerBuilder builder;
    private final ComputeConfig config;
    private final KeyPairService keyPairs;
    private final MetadataService metadata;
    private final Clock clock;

    public ComputeService(ServerRepository servers, ServerVolumeRepository serverVolumes, FlavorRepository flavors,
                          Images images, Volumes volumes, ServerDisks disks, Ports ports, Hypervisor hypervisor,
                          HostCapacity capacity, InstanceActions actions, SerialExecutors executors,
                          RemoteConsoles consoles, ComputeConfig config, KeyPairService keyPairs,
                          MetadataService metadata, Clock clock) {
        this.servers = requireNonNull(servers, "servers is null");
        this.serverVolumes = requireNonNull(serverVolumes, "serverVolumes is null");
        this.flavors = requireNonNull(flavors, "flavors is null");
        this.images = requireNonNull(images, "images is null");
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.disks = requireNonNull(disks, "disks is null");
        this.networks = new ServerNetworks(requireNonNull(ports, "ports is null"));
        this.hypervisor = requireNonNull(hypervisor, "hypervisor is null");
        this.capacity = requireNonNull(capacity, "capacity is null");
        this.actions = requireNonNull(actions, "actions is null");
        this.executors = requireNonNull(executors, "executors is null");
        this.consoles = requireNonNull(consoles, "consoles is null");
        this.config = requireNonNull(config, "config is null");
        this.keyPairs = requireNonNull(keyPairs, "keyPairs is null");
        this.metadata = requireNonNull(metadata, "metadata is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.builder = new ServerBuilder(servers, serverVolumes, images, volumes, disks, networks, hypervisor, capacity,
                actions, config, metadata, clock);
    }

    // ---- servers -------------------------------------------------------------------------------------------------

    /** Validates the request, reserves its volumes and records the server in BUILD; the build goes on in the background. */
    public Server create(Caller caller, CreateServer request) {
        requireProject(caller);
        ComputeFlavor flavor = flavors.findById(request.flavorRef()).filter(found -> !found.deleted())
                .orElseThrow(() -> ServiceException.invalid("Flavor %s could not be found.", request.flavorRef()));
        Optional<ImageDescription> image = request.imageRef().map(id -> activeImage(caller, id));
        Optional<KeyPair> key = request.keyName().map(name -> keyPairs.forNewServer(caller, name));
        String serverId = Ids.uuid();
        List<RequestedMapping> mappings = CreateRules.withImageMapping(request, image);
        Map<Integer, String> volumeIds = new HashMap<>();
        boolean rootIsLocal = image.isPresent() && mappings.stream().noneMatch(m -> m.isBootDevice() && !m.isImageRootDisk());
        for (int index = 0; index < mappings.size(); index++) {
            RequestedMapping mapping = mappings.get(index);
            if (mapping.sourceType() == SourceType.VOLUME) {
                String volumeId = mapping.uuid().orElseThrow(() ->
                        ServiceException.invalid("Block Device Mapping is Invalid: a volume source needs its uuid."));
                Volumes.VolumeDescription volume = findVolume(caller, volumeId);
                if (mapping.isBootDevice() && !volume.bootable()) {
                    throw ServiceException.invalid("Block Device %s is not bootable.", volumeId);
                }
                volumeIds.put(index, volumeId);
            } else if (mapping.createsVolume()) {
                if (mapping.volumeSize().isEmpty() || mapping.volumeSize().getAsInt() < 1) {
                    throw ServiceException.invalid("Block Device Mapping is Invalid: volume_size is required "
                            + "to make a volume from source %s.", mapping.sourceType().name().toLowerCase());
                }
                if (mapping.sourceType() == SourceType.IMAGE) {
                    activeImage(caller, mapping.uuid().orElseThrow(() ->
                            ServiceException.invalid("Block Device Mapping is Invalid: an image source needs its uuid.")));
                } else if (mapping.sourceType() == SourceType.SNAPSHOT) {
                    throw ServiceException.invalid("Block Device Mapping is Invalid: volumes from snapshots are not supported yet.");
                }
                volumeIds.put(index, Ids.uuid());
            }
        }
        Optional<ImageMeta> imageMeta = image.map(CreateRules::imageMeta);
        if (rootIsLocal) {
            CreateRules.requireFlavorFits(flavor, image.orElseThrow());
        }
        boolean configDrive = request.configDrive().orElse(true);
        Layouts.layout(serverId, flavor, imageMeta, mappings, volumeIds, configDrive, List.of());

        List<ServerPort> ports = networks.allocate(caller, serverId, request.networks());
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
                null, null, null, now, now);
        servers.insert(server);
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

    public Server get(Caller caller, String serverId) {
        return servers.findById(serverId)
                .filter(server -> server.status() != ServerStatus.DELETED)
                .filter(server -> caller.isAdmin() || server.projectId().equals(caller.projectId()))
                .orElseThrow(() -> ServiceException.notFound("Instance %s could not be found.", serverId));
    }

    /** The caller's servers, or every project's for an administrator asking for all tenants. */
    public List<Server> list(Caller caller, boolean allTenants) {
        return servers.listLive(caller.isAdmin() && allTenants ? Optional.empty() : Optional.of(caller.projectId()));
    }

    public Server update(Caller caller, String serverId, Optional<String> name, Optional<String> description) {
        Server server = get(caller, serverId);
        Server updated = server.renamed(name.orElse(server.name()), description.orElse(server.description()),
                clock.instant());
        servers.update(updated);
        return updated;
    }

    public void delete(Caller caller, String serverId) {
        Server server = get(caller, serverId);
        ServerAction.DELETE.requireLegal(server);
        servers.update(server.withTask(TaskState.DELETING, clock.instant()));
        consoles.revokeDeleted(serverId);
        String requestId = actions.start(caller, serverId, "delete", "compute_terminate_instance");
        executors.submit(serverId, () -> {
            try {
                List<DiskSource> media = insertedMedia(serverId);
                metadata.stopListening(serverId);
                hypervisor.destroy(serverId);
                disks.delete(serverId);
                media.forEach(medium -> disks.deleteMedium(serverId, medium));
                for (ServerVolume volume : serverVolumes.forServer(serverId)) {
                    if (volume.attachmentId() != null) {
                        ServerBuilder.quietly(() -> volumes.release(caller, volume.attachmentId()));
                    }
                    if (volume.deleteOnTermination()) {
                        ServerBuilder.quietly(() -> volumes.delete(caller, volume.volumeId()));
                    }
                    serverVolumes.delete(serverId, volume.volumeId());
                }
                networks.releaseAll(serverId);
                capacity.release(serverId);
                servers.markDeleted(serverId, clock.instant());
                actions.succeeded(requestId);
            } catch (RuntimeException e) {
                LOG.warn("Deleting server {} failed: {}", serverId, e.toString());
                actions.failed(requestId, e);
                servers.findById(serverId).ifPresent(failed ->
                        servers.update(failed.failed(new org.stackbox.compute.model.Fault(500, String.valueOf(e.getMessage())), clock.instant())));
            }
        });
    }

    public void start(Caller caller, String serverId) {
        powerAction(caller, serverId, ServerAction.START, TaskState.POWERING_ON, "start", "compute_start_instance",
                server -> hypervisor.powerOn(serverId));
    }

    public void stop(Caller caller, String serverId) {
        powerAction(caller, serverId, ServerAction.STOP, TaskState.POWERING_OFF, "stop", "compute_stop_instance",
                server -> hypervisor.powerOff(serverId, shutdownTimeout(caller, server)));
    }

    public void reboot(Caller caller, String serverId, RebootType type) {
        boolean hard = type == RebootType.HARD;
        powerAction(caller, serverId, hard ? ServerAction.REBOOT_HARD : ServerAction.REBOOT_SOFT,
                hard ? TaskState.REBOOTING_HARD : TaskState.REBOOTING, "reboot", "compute_reboot_instance",
                server -> hypervisor.reboot(serverId, type, shutdownTimeout(caller, server)));
    }

    private interface DomainOperation {
        void apply(Server server);
    }

    private void powerAction(Caller caller, String serverId, ServerAction action, TaskState task, String name,
                             String event, DomainOperation operation) {
        Server server = get(caller, serverId);
        action.requireLegal(server);
        servers.update(server.withTask(task, clock.instant()));
        if (action == ServerAction.STOP) {
            consoles.revokeStopped(serverId);
        }
        String requestId = actions.start(caller, serverId, name, event);
        executors.submit(serverId, () -> {
            try {
                operation.apply(server);
                actions.succeeded(requestId);
            } catch (RuntimeException e) {
                LOG.warn("{} of server {} failed: {}", name, serverId, e.toString());
                actions.failed(requestId, e);
            }
            syncPowerState(serverId, true);
        });
    }

    /** Sets the server's status from its domain's state; with {@code clearTask}, ends the task it was in. */
    void syncPowerState(String serverId, boolean clearTask) {
        Server server = servers.findById(serverId).orElse(null);
        if (server == null || server.status() == ServerStatus.DELETED || server.status() == ServerStatus.BUILD
                || (!clearTask && server.taskState() != null)) {
            return;
        }
        PowerState power;
        try {
            power = PowerState.of(hypervisor.state(serverId));
        } catch (HypervisorException e) {
            power = PowerState.NOSTATE;
        }
        ServerStatus status = switch (power) {
            case RUNNING, PAUSED -> ServerStatus.ACTIVE;
            case SHUTDOWN -> ServerStatus.SHUTOFF;
            case CRASHED, NOSTATE -> server.status() == ServerStatus.ERROR ? ServerStatus.ERROR : ServerStatus.SHUTOFF;
        };
        TaskState task = clearTask ? null : server.taskState();
        if (status != server.status() || power != server.powerState() || task != server.taskState()) {
            servers.update(server.with(status, task, power, clock.instant()));
        }
        if (status != ServerStatus.ACTIVE) {
            // Also when the guest powered itself off: a console URL never outlives the run it was issued for.
            consoles.revokeStopped(serverId);
        }
    }

    /** Checks the running servers' domains (a guest may power itself off): called periodically. */
    public void syncPowerStates() {
        for (Server server : servers.listLive(Optional.empty())) {
            if (server.status() == ServerStatus.ACTIVE && server.taskState() == null) {
                executors.submit(server.id(), () -> syncPowerState(server.id(), false));
            }
        }
    }

    /**
     * A URL on the console proxy that opens the {@code kind} console of a running server for a while
     * ({@code os-getVNCConsole}, {@code os-getSerialConsole}, {@code remote-consoles}).
     */
    public String consoleUrl(Caller caller, String serverId, ConsoleType kind) {
        Server server = get(caller, serverId);
        ServerAction action = switch (kind) {
            case NOVNC -> ServerAction.GET_VNC_CONSOLE;
            case SERIAL -> ServerAction.GET_SERIAL_CONSOLE;
        };
        if (server.status() == ServerStatus.BUILD) {
            throw ServiceException.conflict("Instance %s is not ready", serverId);
        }
        if (server.taskState() == TaskState.DELETING) {
            throw ServiceException.conflict("Cannot '%s' instance %s while it is in task_state %s", action.novaName(),
                    serverId, server.taskState().wireName());
        }
        action.requireLegal(server);
        return consoles.issue(serverId, kind);
    }

    /** What the guest wrote to its serial console: the last {@code lines} lines, or all. */
    public String consoleOutput(Caller caller, String serverId, Optional<Integer> lines) {
        Server server = get(caller, serverId);
        if (server.status() == ServerStatus.BUILD) {
            throw ServiceException.conflict("Cannot 'get_console_output' instance %s while it is in vm_state building",
                    serverId);
        }
        String output;
        try {
            Path log = hypervisor.consoles(serverId).serialLog();
            output = Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
        } catch (HypervisorException e) {
            output = "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (lines.isEmpty()) {
            return output;
        }
        List<String> all = output.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines.get()), all.size()));
    }

    // ---- volumes -------------------------------------------------------------------------------------------------

    public List<ServerVolume> volumeAttachments(Caller caller, String serverId) {
        get(caller, serverId);
        return serverVolumes.forServer(serverId);
    }

    public ServerVolume volumeAttachment(Caller caller, String serverId, String volumeId) {
        get(caller, serverId);
        return serverVolumes.find(serverId, volumeId).orElseThrow(() ->
                ServiceException.notFound("Volume %s is not attached to %s.", volumeId, serverId));
    }

    public ServerVolume attachVolume(Caller caller, String serverId, String volumeId, boolean deleteOnTermination) {
        Server server = get(caller, serverId);
        ServerAction.ATTACH_VOLUME.requireLegal(server);
        findVolume(caller, volumeId);
        if (serverVolumes.find(serverId, volumeId).isPresent()) {
            throw ServiceException.invalid("Invalid volume: volume %s is already attached to instance %s.", volumeId,
                    serverId);
        }
        String attachmentId = volumes.reserve(caller, volumeId, serverId);
        String requestId = actions.start(caller, serverId, "attach_volume", "compute_attach_volume");
        return await(executors.submit(serverId, () -> {
            try {
                DomainSpec current = hypervisor.definition(serverId);
                DiskDevice device = BlockDeviceLayout.hotPlugDevice(current, new DiskSource.Volume(volumeId),
                        DeviceType.DISK, Optional.empty(), serverImageMeta(caller, server));
                Path path = volumes.connect(caller, attachmentId, "/dev/" + device.target());
                hypervisor.attachDisk(serverId, device, new DiskFile(path, FileFormat.QCOW2));
                ServerVolume attached = new ServerVolume(serverId, volumeId, attachmentId, "/dev/" + device.target(),
                        null, deleteOnTermination, clock.instant());
                serverVolumes.insert(attached);
                saveSpec(serverId);
                actions.succeeded(requestId);
                return attached;
            } catch (RuntimeException e) {
                ServerBuilder.quietly(() -> volumes.release(caller, attachmentId));
                actions.failed(requestId, e);
                throw e;
            }
        }));
    }

    public void detachVolume(Caller caller, String serverId, String volumeId) {
        Server server = get(caller, serverId);
        ServerVolume volume = serverVolumes.find(serverId, volumeId).orElseThrow(() ->
                ServiceException.notFound("volume_id not found: %s", volumeId));
        if (volume.isRoot()) {
            throw ServiceException.forbidden("Can't detach root device volume");
        }
        ServerAction.DETACH_VOLUME.requireLegal(server);
        String requestId = actions.start(caller, serverId, "detach_volume", "compute_detach_volume");
        await(executors.submit(serverId, () -> {
            try {
                Optional<DiskDevice> device = hypervisor.definition(serverId)
                        .diskWithSource(new DiskSource.Volume(volumeId));
                if (device.isPresent()) {
                    hypervisor.detachDisk(serverId, device.get().target(), config.detachTimeout());
                }
                if (volume.attachmentId() != null) {
                    volumes.release(caller, volume.attachmentId());
                }
                serverVolumes.delete(serverId, volumeId);
                saveSpec(serverId);
                actions.succeeded(requestId);
            } catch (RuntimeException e) {
                actions.failed(requestId, e);
                throw e;
            }
        }));
    }

    // ---- network cards -------------------------------------------------------------------------------------------

    /** The server's ports in card order: its addresses, MAC addresses and forwards. */
    public List<ServerPort> interfaces(Caller caller, String serverId) {
        get(caller, serverId);
        return networks.forServer(serverId);
    }

    /** The ports of a server the caller has found already (for the server views). */
    public List<ServerPort> interfacesOf(Server server) {
        return networks.forServer(server.id());
    }

    public ServerPort interfaceOf(Caller caller, String serverId, String portId) {
        get(caller, serverId);
        return networks.find(serverId, portId).orElseThrow(() ->
                ServiceException.notFound("Port %s is not attached", portId));
    }

    /**
     * Binds a port to the server and plugs its card ({@code openstack server add network/port}): into the running
     * guest, or into the definition of a stopped one. On failure the port is released again.
     */
    public ServerPort attachInterface(Caller caller, String serverId, Optional<String> networkId,
                                      Optional<String> portId, Optional<String> fixedIp) {
        Server server = get(caller, serverId);
        ServerAction.ATTACH_INTERFACE.requireLegal(server);
        String requestId = actions.start(caller, serverId, "attach_interface", "compute_attach_interface");
        return await(executors.submit(serverId, () -> {
            try {
                ServerPort port = networks.attach(caller, serverId, networkId, portId, fixedIp);
                try {
                    hypervisor.attachInterface(serverId, ServerNetworks.card(port));
                } catch (RuntimeException e) {
                    ServerBuilder.quietly(() -> networks.detach(serverId, port.portId()));
                    throw e;
                }
                saveSpec(serverId);
                actions.succeeded(requestId);
                return port;
            } catch (RuntimeException e) {
                actions.failed(requestId, e);
                throw e;
            }
        }));
    }

    /** Unplugs the port's card (the running guest must release it) and lets the port go. */
    public void detachInterface(Caller caller, String serverId, String portId) {
        Server server = get(caller, serverId);
        ServerPort port = interfaceOf(caller, serverId, portId);
        ServerAction.DETACH_INTERFACE.requireLegal(server);
        String requestId = actions.start(caller, serverId, "detach_interface", "compute_detach_interface");
        await(executors.submit(serverId, () -> {
            try {
                if (hypervisor.definition(serverId).networkInterface(port.macAddress()).isPresent()) {
                    hypervisor.detachInterface(serverId, port.macAddress(), config.detachTimeout());
                }
                networks.detach(serverId, portId);
                saveSpec(serverId);
                actions.succeeded(requestId);
                return null;
            } catch (RuntimeException e) {
                actions.failed(requestId, e);
                throw e;
            }
        }));
    }

    /** The operator's block device list, as the running guest has it; empty for a server without a domain. */
    public List<BlockDeviceEntry> blockDevices(Caller caller, String serverId) {
        if (!caller.isAdmin()) {
            throw ServiceException.forbidden("Policy doesn't allow os_compute_api:os-block-devices to be performed.");
        }
        get(caller, serverId);
        try {
            return hypervisor.blockDevices(serverId);
        } catch (HypervisorException e) {
            if (e.error() == HypervisorException.Error.DOMAIN_NOT_FOUND) {
                return List.of();
            }
            throw e;
        }
    }

    /** Finds a server by id, or by exact name among the caller's servers. */
    public Server find(Caller caller, String idOrName, boolean allTenants) {
        Optional<Server> byId = servers.findById(idOrName).filter(server -> server.status() != ServerStatus.DELETED);
        if (byId.isPresent()) {
            return get(caller, idOrName);
        }
        List<Server> named = list(caller, allTenants).stream().filter(s -> s.name().equals(idOrName)).toList();
        if (named.size() != 1) {
            throw named.isEmpty() ? ServiceException.notFound("Instance %s could not be found.", idOrName)
                    : ServiceException.conflict("More than one server is named %s; use its id.", idOrName);
        }
        return named.get(0);
    }

    // ---- start-up ------------------------------------------------------------------------------------------------

    /**
     * Reconciles the database with the domains found on this host: running QEMUs keep running (ACTIVE), dead ones are
     * SHUTOFF, a build that a restart interrupted is ERROR, domains of deleted servers are removed; the guests of
     * servers with a domain are answered on their metadata sockets again.
     */
    public void recover() {
        Map<String, org.stackbox.virt.DomainState> domains = new HashMap<>();
        hypervisor.reconcile().forEach(status -> domains.put(status.serverId(), status.state()));
        for (Server server : servers.listLive(Optional.empty())) {
            org.stackbox.virt.DomainState state = domains.remove(server.id());
            if (server.status() == ServerStatus.BUILD || server.taskState() == TaskState.DELETING) {
                String reason = server.status() == ServerStatus.BUILD ? "Build interrupted by a restart of Stackbox."
                        : "Delete interrupted by a restart of Stackbox; delete the server again.";
                servers.update(server.failed(new org.stackbox.compute.model.Fault(500, reason), clock.instant()));
                if (server.host() != null && state != null) {
                    claim(server);
                }
                continue;
            }
            if (server.host() != null) {
                claim(server);
            }
            if (state == null) {
                if (server.status() != ServerStatus.ERROR) {
                    servers.update(server.with(ServerStatus.SHUTOFF, null, PowerState.NOSTATE, clock.instant()));
                }
                continue;
            }
            if (server.status() != ServerStatus.ERROR) {
                syncPowerState(server.id(), true);
            }
            metadata.listen(server.id());
        }
        for (String orphan : domains.keySet()) {
            LOG.info("Removing the domain of deleted server {}", orphan);
            ServerBuilder.quietly(() -> hypervisor.destroy(orphan));
        }
    }

    private void claim(Server server) {
        flavors.findById(server.flavorId()).ifPresent(flavor -> capacity.claim(server.id(),
                new HostCapacity.Resources(flavor.vcpus(), flavor.memoryMib(), flavor.diskGib())));
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private ImageDescription activeImage(Caller caller, String imageId) {
        return images.findActive(caller, imageId).orElseThrow(() ->
                ServiceException.invalid("Image %s could not be found or is not active.", imageId));
    }

    private Volumes.VolumeDescription findVolume(Caller caller, String volumeId) {
        try {
            return volumes.find(caller, volumeId);
        } catch (StackboxException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                throw ServiceException.invalid("Block Device Mapping is Invalid: failed to get volume %s.", volumeId);
            }
            throw e;
        }
    }

    private Optional<ImageMeta> serverImageMeta(Caller caller, Server server) {
        return Optional.ofNullable(server.imageId()).flatMap(id -> images.findActive(caller, id))
                .map(CreateRules::imageMeta);
    }

    private Duration shutdownTimeout(Caller caller, Server server) {
        Optional<String> property = Optional.ofNullable(server.imageId())
                .flatMap(id -> images.findActive(caller, id))
                .map(image -> image.properties().get("os_shutdown_timeout"));
        if (property.isEmpty()) {
            property = serverVolumes.forServer(server.id()).stream().filter(ServerVolume::isRoot).findFirst()
                    .map(root -> VolumeProperties.of(volumes, caller, root.volumeId(),
                            "os_shutdown_timeout"));
        }
        try {
            return property.map(seconds -> Duration.ofSeconds(Long.parseLong(seconds.strip())))
                    .orElse(config.shutdownTimeout());
        } catch (NumberFormatException e) {
            return config.shutdownTimeout();
        }
    }

    /** The ISOs put into the server's drives after it was built (see {@link IsoMedia}), whose files go with it. */
    private List<DiskSource> insertedMedia(String serverId) {
        try {
            return org.stackbox.virt.CdromDrives.withIso(hypervisor.definition(serverId)).stream()
                    .map(DiskDevice::source)
                    .filter(source -> source instanceof DiskSource.Image)
                    .toList();
        } catch (HypervisorException e) {
            return List.of();
        }
    }

    private void saveSpec(String serverId) {
        servers.findById(serverId).ifPresent(server -> servers.update(
                server.withDomainSpec(Json.write(hypervisor.definition(serverId)), clock.instant())));
    }

    private static void requireProject(Caller caller) {
        if (!caller.isProjectScoped()) {
            throw ServiceException.forbidden("A server belongs to a project: use a project-scoped token.");
        }
    }

    /** The action's result; its failure as it was thrown (a hypervisor's failure is mapped by the API with the rest). */
    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
