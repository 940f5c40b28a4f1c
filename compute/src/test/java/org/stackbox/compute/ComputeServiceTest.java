package org.stackbox.compute;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stackbox.common.auth.Caller;
import org.stackbox.common.ServiceException;
import org.stackbox.common.ConsoleType;
import org.stackbox.common.ErrorKind;
import org.stackbox.common.ServiceError;
import org.stackbox.common.StackboxException;
import org.stackbox.compute.keypair.KeyPairService;
import org.stackbox.compute.keypair.KeyType;
import org.stackbox.compute.metadata.MetadataService;
import org.stackbox.compute.model.ComputeFlavor;
import org.stackbox.compute.model.Server;
import org.stackbox.compute.model.ServerStatus;
import org.stackbox.compute.store.FlavorRepository;
import org.stackbox.database.Database;
import org.stackbox.database.DatabaseUrl;
import org.stackbox.network.NetworkConfig;
import org.stackbox.network.NetworkModule;
import org.stackbox.network.spi.ServerPort;
import org.stackbox.storage.block.LocalBlockStore;
import org.stackbox.storage.block.QemuImg;
import org.stackbox.virt.BlockDeviceEntry;
import org.stackbox.virt.DestinationType;
import org.stackbox.virt.HostForward;
import org.stackbox.virt.NetworkInterface;
import org.stackbox.virt.SourceType;
import org.stackbox.virt.UserNetwork;
import org.stackbox.virt.qemu.Accelerator;
import org.stackbox.virt.qemu.QemuHypervisor;
import org.stackbox.virt.qemu.QemuTimeouts;
import org.stackbox.volume.LocalVolumes;
import org.stackbox.volume.VolumeAttachments;
import org.stackbox.volume.VolumeQuotas;
import org.stackbox.volume.VolumeService;
import org.stackbox.volume.spi.Volumes;
import org.stackbox.volume.store.AttachmentRepository;
import org.stackbox.volume.store.QuotaRepository;
import org.stackbox.volume.store.SnapshotRepository;
import org.stackbox.volume.store.VolumeRepository;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The compute rules on a real SQLite file, real qcow2 root disks and volumes, and real QEMU (TCG) running guests
 * that print a marker on their serial port.
 */
@Timeout(120)
class ComputeServiceTest {
    private static final Caller MEMBER = new Caller("user-1", "alice", "default", "project-a", "a", null,
            Set.of("member", "reader"), Instant.MAX);
    private static final Caller OTHER = new Caller("user-2", "bob", "default", "project-b", "b", null,
            Set.of("member", "reader"), Instant.MAX);
    private static final Caller ADMIN = new Caller("user-0", "admin", "default", "project-admin", "admin", null,
            Set.of("admin", "member", "reader"), Instant.MAX);
    private static final String MARKER = "COMPUTE-SERVICE-MARKER";
    private static final String IMAGE = "0d3c2b1a-0000-4000-8000-000000000001";
    private static final String LARGE_IMAGE = "0d3c2b1a-0000-4000-8000-000000000002";
    private static final String NANO = "10";

    @TempDir
    Path directory;

    private Database database;
    private MarkerImages images;
    private VolumeService volumeService;
    private Volumes volumes;
    private QemuHypervisor hypervisor;
    private ComputeModule module;
    private ServerOperations compute;
    private NetworkModule network;
    private FlavorRepository flavorRepository;
    private RecordedConsoles consoles;
    private MetadataService metadata;
    private KeyPairService keyPairs;

    @BeforeEach
    void setUp() throws Exception {
        database = new Database(DatabaseUrl.sqlite(directory.resolve("stackbox.db")));
        database.migrate("volume");
        database.migrate("compute");
        database.migrate("network");
        var jdbi = database.jdbi();
        images = new MarkerImages(Files.createDirectories(directory.resolve("images")));
        images.markerDisk(IMAGE, MARKER);
        images.largeImage(LARGE_IMAGE, 3L << 30);
        LocalBlockStore volumeStore = new LocalBlockStore(directory.resolve("volumes"), QemuImg.system());
        VolumeRepository volumeRepository = new VolumeRepository(jdbi);
        SnapshotRepository snapshots = new SnapshotRepository(jdbi);
        volumeService = new VolumeService(volumeRepository, snapshots,
                new VolumeQuotas(new QuotaRepository(jdbi), volumeRepository, snapshots), volumeStore, images,
                Runnable::run, directory.resolve("scratch"), Clock.systemUTC());
        VolumeAttachments attachments = new VolumeAttachments(volumeRepository, new AttachmentRepository(jdbi),
                volumeService, volumeStore, Clock.systemUTC());
        volumes = new LocalVolumes(volumeService, attachments, volumeStore);
        hypervisor = new QemuHypervisor(directory.resolve("run"), Path.of("/usr/bin/qemu-system-x86_64"),
                Accelerator.TCG, QemuTimeouts.defaults());
        network = new NetworkModule(jdbi, NetworkConfig.defaults(), "http://127.0.0.1/network",
                (deviceId, projectId) -> false);
        network.bootstrap(ADMIN.projectId());
        flavorRepository = new FlavorRepository(jdbi);
        new ComputeFlavors(flavorRepository).ensureDefaults();
        consoles = new RecordedConsoles();
        module = newModule(new HostCapacity(new HostCapacity.Resources(2, 4096, 100)));
        compute = module.servers();
    }

    private ComputeModule newModule(HostCapacity capacity) {
        ComputeModule made = new ComputeModule(database.jdbi(), images, volumes, network.ports(), hypervisor,
                new LocalBlockStore(directory.resolve("instances"), QemuImg.system()),
                directory.resolve("config-drives"), capacity, consoles, ComputeConfig.defaults(),
                "http://127.0.0.1/compute", "http://127.0.0.1/image");
        metadata = made.metadata();
        keyPairs = made.keyPairs();
        return made;
    }

    @AfterEach
    void tearDown() {
        hypervisor.reconcile().forEach(status -> hypervisor.destroy(status.serverId()));
        module.close();
        database.close();
    }

    @Test
    void bootsFromAnImageWithTheArticlesDevicesAndFollowsThePowerStates() throws Exception {
        Server server = compute.creation().create(MEMBER, request(Optional.of(IMAGE), NANO, List.of()));
        assertThat(server.status()).isEqualTo(ServerStatus.BUILD);
        awaitStatus(server.id(), ServerStatus.ACTIVE);
        assertThat(compute.volumes().blockDevices(ADMIN, server.id())).containsExactly(
                new BlockDeviceEntry("vda", server.id() + "_disk"),
                new BlockDeviceEntry("hdd", server.id() + "_disk.config"));
        awaitMarker(server.id());
        assertThat(compute.consoles().url(MEMBER, server.id(), ConsoleType.NOVNC))
                .isEqualTo("http://console.test/novnc/" + server.id());
        assertThatThrownBy(() -> compute.consoles().url(OTHER, server.id(), ConsoleType.NOVNC))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.code()).isEqualTo(ServiceError.NOT_FOUND));
        assertThat(consoles.revocations()).isEmpty();

        compute.power().stop(MEMBER, server.id());
        assertThat(consoles.revocations()).as("console URLs end as the stop is accepted")
                .startsWith("stopped " + server.id());
        awaitStatus(server.id(), ServerStatus.SHUTOFF);
        assertThatThrownBy(() -> compute.power().stop(MEMBER, server.id()))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.code()).isEqualTo(ServiceError.CONFLICT))
                .hasMessage("Cannot 'stop' instance " + server.id() + " while it is in vm_state stopped");
        assertThatThrownBy(() -> compute.consoles().url(MEMBER, server.id(), ConsoleType.SERIAL))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.code()).isEqualTo(ServiceError.CONFLICT))
                .hasMessage("Cannot 'get_serial_console' instance " + server.id() + " while it is in vm_state stopped");
        compute.power().start(MEMBER, server.id());
        awaitStatus(server.id(), ServerStatus.ACTIVE);

        assertThatThrownBy(() -> compute.servers().get(OTHER, server.id())).hasMessage("Instance " + server.id()
                + " could not be found.");
        assertThatThrownBy(() -> compute.volumes().blockDevices(MEMBER, server.id()))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.code()).isEqualTo(ServiceError.NOT_PERMITTED));

        compute.deletion().delete(MEMBER, server.id());
        assertThat(consoles.revocations()).contains("deleted " + server.id());
        awaitDeleted(server.id());
        assertThat(hypervisor.reconcile()).isEmpty();
    }

    @Test
    void aServerOnTheDefaultNetworkHasAPortItsCardIsAddressedLikeAndLosesItWithTheServer() throws Exception {
        Server server = compute.creation().create(MEMBER, request(Optional.of(IMAGE), NANO, List.of(), new NetworkRequest.Auto()));
        awaitStatus(server.id(), ServerStatus.ACTIVE);
        List<ServerPort> ports = compute.interfaces().list(MEMBER, server.id());
        assertThat(ports).hasSize(1);
        ServerPort port = ports.get(0);
        assertThat(port.networkName()).isEqualTo("private");
        assertThat(port.fixedIps()).extracting(ServerPort.Address::ipAddress).containsExactly("169.254.169.2");
        assertThat(port.macAddress()).startsWith("fa:16:3e:");
        assertThat(port.forwards()).singleElement().satisfies(forward -> assertThat(forward.guestPort()).isEqualTo(22));
        NetworkInterface card = hypervisor.definition(server.id()).networkInterfaces().get(0);
        assertThat(card.macAddress()).isEqualTo(port.macAddress());
        assertThat(card.userNetwork()).isEqualTo(new UserNetwork("169.254.169.0/24", "169.254.169.1", "169.254.169.2", "169.254.169.253",
                List.of(new HostForward("tcp", "127.0.0.1", port.forwards().get(0).hostPort(), 22))));

        // A second card while it is off, on the same network: the next address; then it goes again.
        compute.power().stop(MEMBER, server.id());
        awaitStatus(server.id(), ServerStatus.SHUTOFF);
        String privateNetwork = port.networkId();
        ServerPort second = compute.interfaces().attach(MEMBER, server.id(), Optional.of(privateNetwork),
                Optional.empty(), Optional.empty());
        assertThat(second.fixedIps()).extracting(ServerPort.Address::ipAddress).containsExactly("169.254.169.3");
        assertThat(second.forwards()).isEmpty();
        assertThat(hypervisor.definition(server.id()).networkInterfaces()).hasSize(2);
        compute.interfaces().detach(MEMBER, server.id(), second.portId());
        assertThat(hypervisor.definition(server.id()).networkInterfaces()).extracting(NetworkInterface::macAddress)
                .containsExactly(port.macAddress());
        assertThatThrownBy(() -> compute.interfaces().detach(MEMBER, server.id(), second.portId()))
                .hasMessage("Port " + second.portId() + " is not attached");

        compute.deletion().delete(MEMBER, server.id());
        awaitDeleted(server.id());
        assertThat(network.portService().listPorts(ADMIN)).isEmpty();
    }

    @Test
    void refusesNetworksNovaRefuses() {
        String unknown = "3b8a5a7e-0c7b-4b56-9d2c-1f0b5c1d2e3f";
        assertRefused(request(Optional.of(IMAGE), NANO, List.of(), new NetworkRequest.Networks(List.of(
                new NetworkRequest.Card(Optional.of(unknown), Optional.empty(), Optional.empty())))),
                "Network " + unknown + " could not be found.");
        assertRefused(request(Optional.of(IMAGE), NANO, List.of(), new NetworkRequest.Networks(List.of(
                new NetworkRequest.Card(Optional.empty(), Optional.of(unknown), Optional.empty())))),
                "Port id " + unknown + " could not be found.");
        assertThat(compute.servers().list(MEMBER, false)).isEmpty();
        assertThat(network.portService().listPorts(ADMIN)).isEmpty();
    }

    @Test
    void refusesWhatNovaRefuses() throws Exception {
        assertRefused(request(Optional.of(IMAGE), "no-such-flavor", List.of()), "Invalid flavorRef provided.");
        assertRefused(request(Optional.of("0d3c2b1a-0000-4000-8000-00000000ffff"), NANO, List.of()), "could not be found");
        assertRefused(request(Optional.of(LARGE_IMAGE), NANO, List.of()), "Flavor's disk is too small for requested image.");
        assertRefused(request(Optional.empty(), NANO, List.of(volumeMapping("0d3c2b1a-0000-4000-8000-00000000eeee", 0))),
                "failed to get volume 0d3c2b1a-0000-4000-8000-00000000eeee");
        String blank = blankVolume();
        assertRefused(request(Optional.empty(), NANO, List.of(volumeMapping(blank, 0))),
                "Block Device " + blank + " is not bootable.");
        String second = blankVolume();
        assertRefused(request(Optional.of(IMAGE), NANO, List.of(imageMapping(), volumeMapping(blank, 1),
                volumeMapping(second, 1))), "boot_index 1 is given to more than one device");
        assertThat(volumes.find(MEMBER, blank).status()).isEqualTo("available");
        assertThat(compute.servers().list(MEMBER, false)).isEmpty();
    }

    @Test
    void moreMemoryThanTheHostHasEndsInErrorHoldingNothing() throws Exception {
        new ComputeFlavors(flavorRepository).create(ADMIN, new ComputeFlavor("huge", "huge", 1_000_000, 1, 1, 0, 0,
                1.0, true, null, Map.of(), false));
        String blank = blankVolume();
        Server server = compute.creation().create(MEMBER, request(Optional.of(IMAGE), "huge", List.of(volumeMapping(blank, -1)),
                new NetworkRequest.Auto()));
        Server failed = awaitStatus(server.id(), ServerStatus.ERROR);
        assertThat(failed.fault().message()).startsWith("No valid host was found");
        assertThat(compute.interfaces().list(MEMBER, server.id())).isEmpty();
        assertThat(volumes.find(MEMBER, blank).status()).isEqualTo("available");
        assertThat(hypervisor.reconcile()).isEmpty();
    }

    @Test
    void aVolumeBacksOneServerTheRootStaysAndPreservedVolumesSurvive() throws Exception {
        String bootable = volumes.create(MEMBER, "bootable", 1, Optional.of(IMAGE), Duration.ofSeconds(30)).id();
        assertThat(volumes.find(MEMBER, bootable).bootable()).isTrue();
        String data = blankVolume();
        Server server = compute.creation().create(MEMBER, request(Optional.empty(), NANO,
                List.of(volumeMapping(bootable, 0), volumeMapping(data, -1))));
        awaitStatus(server.id(), ServerStatus.ACTIVE);
        assertThat(compute.volumes().blockDevices(ADMIN, server.id())).containsExactly(
                new BlockDeviceEntry("hdd", server.id() + "_disk.config"),
                new BlockDeviceEntry("vda", "volume-" + bootable),
                new BlockDeviceEntry("vdb", "volume-" + data));
        awaitMarker(server.id());
        assertThat(compute.servers().get(MEMBER, server.id()).imageId()).isNull();

        assertRefused(request(Optional.of(IMAGE), NANO, List.of(volumeMapping(data, -1))), "in-use");
        assertThatThrownBy(() -> compute.volumes().detach(MEMBER, server.id(), bootable))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.code()).isEqualTo(ServiceError.NOT_PERMITTED))
                .hasMessage("Can't detach root device volume");

        compute.power().stop(MEMBER, server.id());
        awaitStatus(server.id(), ServerStatus.SHUTOFF);
        compute.volumes().detach(MEMBER, server.id(), data);
        assertThat(volumes.find(MEMBER, data).status()).isEqualTo("available");
        assertThat(compute.volumes().blockDevices(ADMIN, server.id())).extracting(BlockDeviceEntry::target)
                .containsExactly("hdd", "vda");

        compute.deletion().delete(MEMBER, server.id());
        awaitDeleted(server.id());
        assertThat(volumes.find(MEMBER, bootable).status()).isEqualTo("available");
    }

    @Test
    void aRestartKeepsRunningServersAndShutsOffDeadOnes() throws Exception {
        Server running = compute.creation().create(MEMBER, request(Optional.of(IMAGE), NANO, List.of()));
        Server dying = compute.creation().create(MEMBER, request(Optional.of(IMAGE), NANO, List.of()));
        awaitStatus(running.id(), ServerStatus.ACTIVE);
        awaitStatus(dying.id(), ServerStatus.ACTIVE);
        long pid = Long.parseLong(Files.readString(directory.resolve("run").resolve(dying.id()).resolve("qemu.pid")).strip());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            Thread.sleep(50);
        }

        module.close();
        ComputeModule restarted = newModule(new HostCapacity(new HostCapacity.Resources(2, 4096, 100)));
        module = restarted;
        restarted.recovery().recover();
        assertThat(restarted.servers().servers().get(MEMBER, running.id()).status()).isEqualTo(ServerStatus.ACTIVE);
        assertThat(restarted.servers().servers().get(MEMBER, dying.id()).status()).isEqualTo(ServerStatus.SHUTOFF);
        assertThat(metadataGet(hypervisor.metadataSocket(running.id()), "/latest/meta-data/instance-id"))
                .endsWith("i-" + running.id().substring(0, 8));
    }

    @Test
    void aServerGetsItsKeyAndUserDataOnItsConfigDriveAndFromItsMetadataSocket() throws Exception {
        String publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMKNB69/VaeUe6SJnnDHiBZsNwTfjI2cHmvpup+E0Nst t@x";
        keyPairs.create(MEMBER, new KeyPairService.CreateKeyPair("laptop", KeyType.SSH, Optional.of(publicKey),
                Optional.empty()));
        String userData = java.util.Base64.getEncoder().encodeToString("#!/bin/sh\necho hi\n".getBytes());
        assertThatThrownBy(() -> compute.creation().create(OTHER, new CreateServer("keyed", Optional.empty(),
                Optional.of(IMAGE), NANO, new NetworkRequest.Auto(), List.of(), Optional.of("laptop"),
                Optional.empty(), Map.of(), Optional.empty(), Optional.empty())))
                .hasMessage("Invalid key_name provided.");
        Server server = compute.creation().create(MEMBER, new CreateServer("Keyed Server", Optional.empty(), Optional.of(IMAGE),
                NANO, new NetworkRequest.Auto(), List.of(), Optional.of("laptop"), Optional.of(userData),
                Map.of("role", "test"), Optional.empty(), Optional.empty()));
        awaitStatus(server.id(), ServerStatus.ACTIVE);

        Path configDrive = directory.resolve("config-drives").resolve(server.id() + "_disk.config");
        String metaData = isoFile(configDrive, "/openstack/latest/meta_data.json");
        assertThat(metaData).contains("\"uuid\":\"" + server.id() + "\"", "\"hostname\":\"keyed-server.novalocal\"",
                "\"laptop\":\"" + publicKey + "\"", "\"role\":\"test\"");
        assertThat(isoFile(configDrive, "/openstack/latest/user_data")).isEqualTo("#!/bin/sh\necho hi\n");
        assertThat(isoFile(configDrive, "/openstack/latest/network_data.json")).contains(server.macAddress());

        Path socket = hypervisor.metadataSocket(server.id());
        assertThat(metadataGet(socket, "/latest/meta-data/public-keys/0/openssh-key")).endsWith(publicKey);
        // Deleting the key pair does not change what the server was built with.
        keyPairs.delete(MEMBER, Optional.empty(), "laptop");
        assertThat(metadataGet(socket, "/openstack/latest/meta_data.json")).contains(publicKey);

        compute.deletion().delete(MEMBER, server.id());
        awaitGone(server.id());
        assertThat(socket).doesNotExist();
        assertThat(metadata.isListening(server.id())).isFalse();
    }

    private void awaitGone(String serverId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (compute.servers().list(ADMIN, true).stream().noneMatch(server -> server.id().equals(serverId))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Server " + serverId + " was not deleted");
    }

    private static String isoFile(Path iso, String path) throws Exception {
        Path extracted = Files.createTempFile("config-drive", ".out");
        Files.delete(extracted);
        Process process = new ProcessBuilder("xorriso", "-osirrox", "on", "-indev", iso.toString(), "-extract", path,
                extracted.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        try {
            return Files.readString(extracted);
        } finally {
            Files.deleteIfExists(extracted);
        }
    }

    static String metadataGet(Path socket, String path) throws Exception {
        try (java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel.open(
                java.net.UnixDomainSocketAddress.of(socket))) {
            channel.write(java.nio.ByteBuffer.wrap(("GET " + path + " HTTP/1.1\r\n\r\n").getBytes()));
            return new String(java.nio.channels.Channels.newInputStream(channel).readAllBytes());
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static CreateServer request(Optional<String> image, String flavor, List<RequestedMapping> mappings) {
        return request(image, flavor, mappings, new NetworkRequest.None());
    }

    private static CreateServer request(Optional<String> image, String flavor, List<RequestedMapping> mappings,
                                        NetworkRequest networks) {
        return new CreateServer("server", Optional.empty(), image, flavor, networks, mappings,
                Optional.empty(), Optional.empty(), Map.of(), Optional.empty(), Optional.empty());
    }

    private static RequestedMapping volumeMapping(String volumeId, int bootIndex) {
        return new RequestedMapping(SourceType.VOLUME, DestinationType.VOLUME, Optional.of(volumeId),
                bootIndex < 0 ? OptionalInt.empty() : OptionalInt.of(bootIndex), OptionalInt.empty(), false,
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static RequestedMapping imageMapping() {
        return new RequestedMapping(SourceType.IMAGE, DestinationType.LOCAL, Optional.of(IMAGE), OptionalInt.of(0),
                OptionalInt.empty(), true, Optional.empty(), Optional.empty(), Optional.empty());
    }

    private String blankVolume() {
        return volumes.create(MEMBER, "blank", 1, Optional.empty(), Duration.ofSeconds(30)).id();
    }

    private void assertRefused(CreateServer request, String message) {
        assertThatThrownBy(() -> compute.creation().create(MEMBER, request))
                .isInstanceOfSatisfying(StackboxException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID))
                .hasMessageContaining(message);
    }

    private Server awaitStatus(String serverId, ServerStatus wanted) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            Server server = compute.servers().get(MEMBER, serverId);
            if (server.status() == wanted && server.taskState() == null) {
                return server;
            }
            assertThat(Instant.now()).as("server %s is %s (%s)", serverId, server.status(), server.fault())
                    .isBefore(deadline);
            Thread.sleep(50);
        }
    }

    private void awaitDeleted(String serverId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (compute.servers().list(MEMBER, false).stream().anyMatch(server -> server.id().equals(serverId))) {
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(50);
        }
    }

    private void awaitMarker(String serverId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!compute.consoles().output(MEMBER, serverId, Optional.empty()).contains(MARKER)) {
            assertThat(Instant.now()).as("no marker from %s", serverId).isBefore(deadline);
            Thread.sleep(100);
        }
    }
}
