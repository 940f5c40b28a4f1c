package org.stackbox.compute.metadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stackbox.common.Json;
import org.stackbox.compute.keypair.KeyPair;
import org.stackbox.compute.model.ComputeFlavor;
import org.stackbox.compute.model.Server;
import org.stackbox.compute.model.ServerStatus;
import org.stackbox.compute.model.ServerVolume;
import org.stackbox.compute.store.FlavorRepository;
import org.stackbox.compute.store.GuestIdentityRepository;
import org.stackbox.compute.store.ServerRepository;
import org.stackbox.compute.store.ServerVolumeRepository;
import org.stackbox.virt.DiskDevice;
import org.stackbox.virt.DomainSpec;
import org.stackbox.virt.MetadataChannel;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static java.util.Objects.requireNonNull;

/**
 * The metadata API of the compute service: what each server's guest learns about itself, written to its config
 * drive when it is built and served on its own metadata socket while its domain exists. Data is read afresh for
 * every request, so a renamed server or changed metadata shows at once.
 */
public final class MetadataService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ServerRepository servers;
    private final ServerVolumeRepository serverVolumes;
    private final FlavorRepository flavors;
    private final GuestIdentityRepository identities;
    private final GuestNetworks networks;
    private final MetadataChannel channel;
    private final Function<String, Optional<Path>> imageFiles;
    private final Clock clock;
    private final ConcurrentHashMap<String, MetadataListener> listeners = new ConcurrentHashMap<>();
    private final ExecutorService connections = Executors.newCachedThreadPool(daemon("metadata-request"));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("metadata-timer"));

    public MetadataService(ServerRepository servers, ServerVolumeRepository serverVolumes, FlavorRepository flavors,
                           GuestIdentityRepository identities, GuestNetworks networks, MetadataChannel channel,
                           Function<String, Optional<Path>> imageFiles, Clock clock) {
        this.imageFiles = requireNonNull(imageFiles, "imageFiles is null");
        this.servers = requireNonNull(servers, "servers is null");
        this.serverVolumes = requireNonNull(serverVolumes, "serverVolumes is null");
        this.flavors = requireNonNull(flavors, "flavors is null");
        this.identities = requireNonNull(identities, "identities is null");
        this.networks = requireNonNull(networks, "networks is null");
        this.channel = requireNonNull(channel, "channel is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Records what a new server's guest will be told about itself: its host name and, if any, its key. */
    public void recordNewServer(String serverId, String name, Optional<KeyPair> key) {
        identities.insert(new GuestIdentity(serverId, Hostnames.fromServerName(name, serverId),
                key.map(pair -> new InstanceFacts.BootKey(pair.name(), pair.type().wireName(), pair.publicKey()))));
    }

    /** The files of the server's config drive, for the domain about to be spawned. */
    public Map<String, byte[]> configDrive(String serverId, DomainSpec spec) {
        Server server = servers.findById(serverId).orElseThrow(() ->
                new IllegalStateException("No server " + serverId));
        return metadata(facts(server, Optional.of(spec))).configDriveFiles();
    }

    /** The server's metadata as of now, or empty for a server that is gone. */
    public Optional<InstanceMetadata> forServer(String serverId) {
        return servers.findById(serverId).filter(server -> server.status() != ServerStatus.DELETED)
                .map(server -> metadata(facts(server, spec(server))));
    }

    /** Starts (or restarts) answering the server's guest on its metadata socket; a failure is logged, not thrown. */
    public void listen(String serverId) {
        stopListening(serverId);
        try {
            MetadataListener listener = MetadataListener.open(serverId, channel.metadataSocket(serverId),
                    path -> path.startsWith(NetbootFiles.PREFIX)
                            ? servers.findById(serverId).flatMap(server ->
                                    NetbootFiles.answer(server.metadata(), path, imageFiles))
                            : forServer(serverId).flatMap(metadata -> metadata.lookup(path)), connections, timer);
            MetadataListener previous = listeners.put(serverId, listener);
            if (previous != null) {
                previous.close();
            }
        } catch (RuntimeException e) {
            LOG.warn("Server {} has no metadata service: {}", serverId, e.toString());
        }
    }

    /** Stops answering the server's guest and removes its socket; before the domain is destroyed. */
    public void stopListening(String serverId) {
        MetadataListener listener = listeners.remove(serverId);
        if (listener != null) {
            listener.close();
        }
    }

    public boolean isListening(String serverId) {
        return listeners.containsKey(serverId);
    }

    @Override
    public void close() {
        List.copyOf(listeners.keySet()).forEach(this::stopListening);
        connections.shutdownNow();
        timer.shutdownNow();
    }

    private InstanceMetadata metadata(InstanceFacts facts) {
        return new InstanceMetadata(facts, () -> {
            byte[] seed = new byte[512];
            RANDOM.nextBytes(seed);
            return seed;
        }, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
    }

    private InstanceFacts facts(Server server, Optional<DomainSpec> spec) {
        Optional<GuestIdentity> identity = identities.find(server.id());
        String hostname = identity.map(GuestIdentity::hostname)
                .orElseGet(() -> Hostnames.fromServerName(server.name(), server.id()));
        List<String> volumeDevices = serverVolumes.forServer(server.id()).stream()
                .filter(volume -> !volume.isRoot()).map(ServerVolume::device).filter(device -> device != null)
                .toList();
        return new InstanceFacts(server.id(), server.name(), hostname, server.projectId(), server.availabilityZone(),
                identity.flatMap(GuestIdentity::key), Optional.ofNullable(server.userData()), server.metadata(),
                flavors.findById(server.flavorId()).map(ComputeFlavor::name).orElse(server.flavorId()),
                Optional.ofNullable(server.imageId()),
                spec.flatMap(DomainSpec::bootDisk).map(DiskDevice::target).map(target -> "/dev/" + target),
                volumeDevices, networks.interfaces(server));
    }

    private static Optional<DomainSpec> spec(Server server) {
        if (server.domainSpec() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(server.domainSpec(), DomainSpec.class));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
