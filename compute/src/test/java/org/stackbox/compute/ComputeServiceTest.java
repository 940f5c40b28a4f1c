package org.stackbox.compute;

import org.stackbox.volume.store.VolumeTypeRepository;
import org.stackbox.volume.VolumeTypes;
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
import org.stackbox.compute.model.Migration;
import org.stackbox.compute.model.MigrationStatus;
import org.stackbox.compute.model.QuotaResource;
import org.stackbox.compute.model.Server;
import org.stackbox.compute.model.PowerState;
import org.stackbox.compute.model.ServerAction;
import org.stackbox.compute.model.ServerLock;
import org.stackbox.compute.model.ServerStatus;
import org.stackbox.compute.store.FlavorAccessRepository;
import org.stackbox.compute.store.FlavorRepository;
import org.stackbox.compute.store.MigrationRepository;
import org.stackbox.compute.store.ServerRepository;
import org.stackbox.compute.store.ServerVolumeRepository;
import org.stackbox.compute.model.ServerVolume;
import org.stackbox.database.Database;
import org.stackbox.database.DatabaseUrl;
import org.stackbox.network.NetworkConfig;
import org.stackbox.network.NetworkModule;
import org.stackbox.network.spi.ServerPort;
import org.stackbox.storage.block.LocalBlockStore;
import org.stackbox.storage.block.QemuImg;
import org.stackbox.storage.block.VolumeId;
import org.stackbox.virt.BlockDeviceEntry;
import org.stackbox.virt.DestinationType;
import org.stackbox.virt.DiskDevice;
import org.stackbox.virt.DiskSource;
import org.stackbox.virt.DomainState;
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
                new VolumeQuotas(new QuotaRepository(jdbi), volumeRepository, snapshots),
                new VolumeTypes(new VolumeTypeRepository(jdbi), volumeRepository, Clock.systemUTC()), volumeStore, images,
                Runnable::run, directory.resolve("scratch"), Clock.systemUTC());
        VolumeAttachments attachments = new VolumeAttachments(volumeRepository, new AttachmentRepository(jdbi),
                volumeService, volumeStore, Clock.systemUTC());
        volumes = new LocalVolumes(volumeService, attachments, volumeStore);
        hypervisor = new QemuHypervisor(directory.resolve("run"), Path.of("/usr/bin/qemu-system-x86_64"),
                Accelerator.TCG, QemuTimeouts.defaults());
        network = new NetworkModule(jdbi, NetworkConfig.defaults(), "http://127.0.0.1/network",
                (deviceId, projectId) -> false, new org.stackbox.network.TftpRoots(directory.resolve("tftp")));
        network.bootstrap(ADMIN.projectId());
        flavorRepository = new FlavorRepository(jdbi);
        new ComputeFlavors(flavorRepository, new FlavorAccessRepository(database.jdbi())).ensureDefaults();
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

        compute.deletion().delete(MEMBER, server.id());
        assertThat(consoles.revocations()).contains("deleted " + server.id());
        awaitDeleted(server.id());
        assertThat(hypervisor.reconcile()).isEmpty();
    }

    @Test
    void metadataItemsAreSetReplacedAndDeletedAsNovaDoesAndConcurrentChangesAllStay() throws Exception {
        Server server = compute.creation().create(MEMBER, request(Optional.of(IMAGE), NANO, List.of()));
        awaitStatus(server.id(), ServerStatus.ACTIVE);
        Servers servers = compute.servers();
        assertThat(servers.setMetadata(MEMBER, server.id(), Map.of("role", "web"), false)).isEqualTo(Map.of("role", "web"));
        assertThat(servers.setMetadata(MEMBER, server.id(), Map.of("tier", "1"), false))
                .isEqualTo(Map.of("role", "web", "tier", "1"));

        List<Thread> writers = new java.util.ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String key = "key-" + i;
            Thread writer = new Thread(() -> servers.setMetadata(MEMBER, server.id(), Map.of(key, key), false));
            writer.start();
            writers.add(writer);
        }
        for (Thread writer : writers) {
            writer.join();
        }
        assertThat(servers.get(MEMBER, server.id()).metadata()).as("no concurrent change undid another").hasSize(18);

        Map<String, String> tooMany = new java.util.HashMap<>();
        for (int i = 0; i < QuotaResource.METADATA_ITEMS.defaultLimit() - 17; i++) {
            tooMany.put("more-" + i, "x");
        }
        assertThatThrownBy(() -> servers.setMetadata(MEMBER, server.id(), tooMany, false))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.code()).isEqualTo(ServiceError.NOT_PERMITTED))
                .hasMessage("Maximum number of metadata items exceeds 128");
        assertThat(servers.get(MEMBER, server.id()).metadata()).as("a refused change writes nothing").hasSize(18);

        assertThat(servers.setMetadata(MEMBER, server.id(), Map.of("only", "this"), true)).isEqualTo(Map.of("only", "this"));
        servers.deleteMetadata(MEMBER, server.id(), "only");
        assertThat(servers.get(MEMBER, server.id()).metadata()).isEmpty();
        assertThatThrownBy(() -> servers.deleteMetadata(MEMBER, server.id(), "only"))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.code()).isEqualTo(ServiceError.NOT_FOUND))
                .hasMessage("Metadata item was not found");
        assertThatThrownBy(() -> servers.setMetadata(OTHER, server.id(), Map.of("a", "b"), false))
                .hasMessage("Instance " + server.id() + " could not be found.");

        compute.power().stop(MEMBER, server.id());
        awaitStatus(server.id(), ServerStatus.SHUTOFF);
        assertThat(servers.setMetadata(MEMBER, server.id(), Map.of("a", "b"), false)).isEqualTo(Map.of("a", "b"));
        compute.deletion().delete(MEMBER, server.id());
        awaitDeleted(server.id());
    }

    @Test
    void aLockStopsEveryChangeButAnAdministratorsAndOnlyAnAdministratorLiftsAnAdministratorsLock() throws Exception {
        Server server = compute.creation().create(MEMBER, request(Optional.of(IMAGE), NANO, List.of()));
        awaitStatus(server.id(), ServerStatus.ACTIVE);
        Servers servers = compute.servers();
        servers.lock(MEMBER, server.id(), Optional.of("maintenance"));
        assertThat(servers.get(MEMBER, server.id()).lock())
                .isEqualTo(new ServerLock(ServerLock.LockedBy.OWNER, Optional.of("maintenance")));
        String locked = "Instance " + server.id() + " is locked";
        assertThatThrownBy(() -> compute.power().stop(MEMBER, server.id()))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.code()).isEqualTo(ServiceError.CONFLICT))
                .hasMessage(locked);
        assertThatThrownBy(() -> compute.deletion().delete(MEMBER, server.id())).hasMessage(locked);
        assertThatThrownBy(() -> servers.setMetadata(MEMBER, server.id(), Map.of("a", "b"), false)).hasMessage(locked);
        assertThat(compute.consoles().output(MEMBER, server.id(), Optional.empty())).as("looking is no change")
                .isNotNull();
        assertThat(servers.get(MEMBER, server.id()).status()).isEqualTo(ServerStatus.ACTIVE);
        servers.unlock(MEMBER, server.id());
        assertThat(servers.get(MEMBER, server.id()).lock()).isNull();

        servers.lock(ADMIN, server.id(), Optional.empty());
        assertThat(servers.get(MEMBER, server.id()).lock().lockedBy()).isEqualTo(ServerLock.LockedBy.ADMIN);
        assertThatThrownBy(() -> servers.unlock(MEMBER, server.id()))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.code()).isEqualTo(ServiceError.NOT_PERMITTED))
                .hasMessage("Policy doesn't allow os_compute_api:os-lock-server:unlock:unlock_override to be performed.");
        servers.setMetadata(ADMIN, server.id(), Map.of("by", "admin"), false);
        servers.unlock(ADMIN, server.id());

        servers.resetState(ADMIN, server.id(), ServerStatus.ERROR);
        assertThat(servers.get(MEMBER, server.id()).status()).isEqualTo(ServerStatus.ERROR);
        servers.resetState(ADMIN, server.id(), ServerStatus.ACTIVE);
        assertThat(servers.get(MEMBER, server.id()).status()).isEqualTo(ServerStatus.ACTIVE);
        assertThat(servers.updateAccessAddresses(MEMBER, server.id(), Optional.of("192.0.2.7"), Optional.empty()))
                .satisfies(updated -> {
                    assertThat(updated.accessIpv4()).isEqualTo("192.0.2.7");
                    assertThat(updated.accessIpv6()).isNull();
                });
        compute.deletion().delete(MEMBER, server.id());
        awaitDeleted(server.id());
    }

    @Test
    void aServerBeyondTheProjectsInstanceQuotaIsRefusedAndLeavesNothing() throws Exception {
        ComputeQuotas quotas = module.quotas();
        quotas.set(MEMBER.projectId(), Map.of(QuotaResource.INSTANCES, 1L), false);
        Server first = compute.creation().create(MEMBER, request(Optional.of(IMAGE), NANO, List.of()));
        assertThatThrownBy(() -> compute.creation().create(MEMBER, request(Optional.of(IMAGE), NANO, List.of())))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.code()).isEqualTo(ServiceError.NOT_PERMITTED))
                .hasMessage("Quota exceeded for instances: Requested 1, but already used 1 of 1 instances");
        assertThat(compute.servers().list(MEMBER, false)).extracting(Server::id).containsExactly(first.id());
        Server others = compute.creation().create(OTHER, request(Optional.of(IMAGE), NANO, List.of()));
        assertThat(others.projectId()).as("another project has its own quota").isEqualTo(OTHER.projectId());
        assertThat(quotas.usage(MEMBER.projectId())).containsEntry(QuotaResource.INSTANCES, 1L)
                .containsEntry(QuotaResource.CORES, 1L);

        assertThatThrownBy(() -> quotas.set(MEMBER.projectId(), Map.of(QuotaResource.INSTANCES, 0L), false))
                .hasMessage("Quota limit 0 for instances must be greater than or equal to already used and reserved 1.");
        quotas.set(MEMBER.projectId(), Map.of(QuotaResource.INSTANCES, 0L), true);
        assertThat(quotas.limits(MEMBER.projectId())).containsEntry(QuotaResource.INSTANCES, 0L)
                .containsEntry(QuotaResource.CORES, 20L);
        quotas.reset(MEMBER.projectId());
        assertThat(quotas.limits(MEMBER.projectId())).isEqualTo(quotas.defaults());
        awaitStatus(first.id(), ServerStatus.ACTIVE);
        awaitStatus(others.id(), ServerStatus.ACTIVE);
        compute.deletion().delete(MEMBER, first.id());
        compute.deletion().delete(OTHER, others.id());
        awaitDeleted(first.id());
        awaitDeleted(others.id());
    }

    @Test
    void aRebuildBootsTheNewImageKeepsTheServerAndAStoppedServerStaysStopped() throws Exception {
        String otherImage = "0d3c2b1a-0000-4000-8000-000000000003";
        images.markerDisk(otherImage, "REBUILT-FROM-THE-OTHER-IMAGE");
        Server server = compute.creation().create(MEMBER, request(Optional.of(IMAGE), NANO, List.of()));
        awaitStatus(server.id(), ServerStatus.ACTIVE);
        awaitMarker(server.id());

        Server rebuilding = compute.rebuild().rebuild(MEMBER, server.id(), new ServerRebuild.Request(otherImage,
                Optional.of("renamed"), Optional.of(Map.of("rebuilt", "yes"))));
        assertThat(rebuilding.apiStatus()).isEqualTo("REBUILD");
        assertThat(rebuilding.imageId()).isEqualTo(otherImage);
        assertThat(rebuilding.name()).isEqualTo("renamed");
        assertThat(rebuilding.metadata()).isEqualTo(Map.of("rebuilt", "yes"));
        assertThatThrownBy(() -> compute.power().stop(MEMBER, server.id()))
                .hasMessage("Cannot 'stop' instance " + server.id() + " while it is in task_state rebuilding");
        awaitStatus(server.id(), ServerStatus.ACTIVE);
        awaitConsole(server.id(), "REBUILT-FROM-THE-OTHER-IMAGE");

        compute.power().stop(MEMBER, server.id());
        awaitStatus(server.id(), ServerStatus.SHUTOFF);
        compute.rebuild().rebuild(MEMBER, server.id(), new ServerRebuild.Request(IMAGE, Optional.empty(),
                Optional.empty()));
        Server stopped = awaitStatus(server.id(), ServerStatus.SHUTOFF);
        assertThat(stopped.imageId()).isEqualTo(IMAGE);
        assertThat(stopped.name()).isEqualTo("renamed");

        assertThatThrownBy(() -> compute.rebuild().rebuild(MEMBER, server.id(), new ServerRebuild.Request(
                "0d3c2b1a-0000-4000-8000-00000000dead", Optional.empty(), Optional.empty())))
                .isInstanceOfSatisfying(StackboxException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID))
                .hasMessage("Image 0d3c2b1a-0000-4000-8000-00000000dead could not be found or is not active.");
        assertThat(compute.servers().get(MEMBER, server.id()).taskState()).as("a refused rebuild starts nothing")
                .isNull();
        compute.deletion().delete(MEMBER, server.id());
        awaitDeleted(server.id());
    }

    @Test
    void aResizeWaitsForItsConfirmationAndARevertGoesBackToTheOldFlavorAndDisk() throws Exception {
        String micro = "11";
        Server server = compute.creation().create(MEMBER, request(Optional.of(IMAGE), NANO, List.of()));
        awaitStatus(server.id(), ServerStatus.ACTIVE);
        awaitMarker(server.id());
        LocalBlockStore instances = new LocalBlockStore(directory.resolve("instances"), QemuImg.system());
        VolumeId root = new VolumeId(server.id() + "_disk");
        assertThat(instances.info(root).sizeBytes()).isEqualTo(1L << 30);

        assertThatThrownBy(() -> compute.resize().resize(MEMBER, server.id(), NANO))
                .hasMessage("When resizing, instances must change flavor!");
        assertThatThrownBy(() -> compute.resize().confirm(MEMBER, server.id()))
                .hasMessage("Cannot 'confirmResize' instance " + server.id() + " while it is in vm_state active");
        compute.resize().resize(MEMBER, server.id(), micro);
        assertThat(compute.servers().get(MEMBER, server.id()).apiStatus()).isEqualTo("RESIZE");
        Server resized = awaitStatus(server.id(), ServerStatus.RESIZED);
        assertThat(resized.apiStatus()).isEqualTo("VERIFY_RESIZE");
        assertThat(resized.flavorId()).isEqualTo(micro);
        assertThat(hypervisor.definition(server.id()).memoryMib()).isEqualTo(128);
        assertThat(hypervisor.state(server.id())).as("it ran, so it runs again").isEqualTo(DomainState.RUNNING);
        assertThat(instances.info(root).sizeBytes()).isEqualTo(2L << 30);
        assertThat(module.quotas().usage(MEMBER.projectId())).containsEntry(QuotaResource.RAM, 128L);
        MigrationRepository migrations = new MigrationRepository(database.jdbi());
        Migration first = migrations.latest(server.id(), MigrationStatus.FINISHED).orElseThrow();
        assertThat(first.oldFlavorId()).isEqualTo(NANO);
        assertThat(first.newFlavorId()).isEqualTo(micro);
        assertThat(first.userId()).isEqualTo(MEMBER.userId());

        compute.resize().revert(MEMBER, server.id());
        Server reverted = awaitStatus(server.id(), ServerStatus.ACTIVE);
        awaitMigration(migrations, first.id(), MigrationStatus.REVERTED);
        assertThat(reverted.flavorId()).isEqualTo(NANO);
        assertThat(hypervisor.definition(server.id()).memoryMib()).isEqualTo(64);
        assertThat(instances.info(root).sizeBytes()).isEqualTo(1L << 30);
        awaitMarker(server.id());

        compute.resize().resize(MEMBER, server.id(), micro);
        awaitStatus(server.id(), ServerStatus.RESIZED);
        Migration second = migrations.latest(server.id(), MigrationStatus.FINISHED).orElseThrow();
        compute.resize().confirm(MEMBER, server.id());
        Server confirmed = awaitStatus(server.id(), ServerStatus.ACTIVE);
        awaitMigration(migrations, second.id(), MigrationStatus.CONFIRMED);
        assertThat(confirmed.flavorId()).isEqualTo(micro);
        assertThat(instances.info(root).sizeBytes()).isEqualTo(2L << 30);
        assertThatThrownBy(() -> compute.resize().resize(MEMBER, server.id(), NANO))
                .hasMessage("Resize error: Unable to resize disk down.");
        compute.deletion().delete(MEMBER, server.id());
        awaitDeleted(server.id());
    }

    @Test
    void aResizeThatFailsOrThatARestartInterruptsLeavesItsMigrationRecordInError() throws Exception {
        Server server = compute.creation().create(MEMBER, request(Optional.of(IMAGE), NANO, List.of()));
        awaitStatus(server.id(), ServerStatus.ACTIVE);
        MigrationRepository migrations = new MigrationRepository(database.jdbi());

        compute.resize().resize(MEMBER, server.id(), "4"); // m1.large: more memory than this host has
        awaitStatus(server.id(), ServerStatus.ACTIVE);
        List<Migration> failed = migrations.list(new MigrationRepository.Filter(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(server.id()), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()));
        assertThat(failed).extracting(Migration::status).containsExactly(MigrationStatus.ERROR);
        assertThat(compute.servers().get(MEMBER, server.id()).status()).isEqualTo(ServerStatus.ACTIVE);

        // What a restart in the middle of a resize leaves: the server in its task, its record migrating.
        Instant now = Instant.now();
        assertThat(new ServerRepository(database.jdbi()).transition(server.id(), ServerAction.RESIZE, now)).isTrue();
        Migration interrupted = migrations.insert("5b1f0e3a-0000-4000-8000-0000000000aa", server.id(),
                MEMBER.projectId(), MEMBER.userId(), Migration.RESIZE, MigrationStatus.MIGRATING, HostCapacity.HOST_NAME,
                HostCapacity.HOST_NAME, HostCapacity.HOST_IP, NANO, "11", now);
        module.close();
        ComputeModule restarted = newModule(new HostCapacity(new HostCapacity.Resources(2, 4096, 100)));
        module = restarted;
        compute = restarted.servers();
        restarted.recovery().recover();
        assertThat(migrations.findById(interrupted.id()).orElseThrow().status()).isEqualTo(MigrationStatus.ERROR);
        assertThat(migrations.findById(interrupted.id()).orElseThrow().updatedAt()).isPresent();
        awaitStatus(server.id(), ServerStatus.ACTIVE);
        compute.deletion().delete(MEMBER, server.id());
        awaitDeleted(server.id());
    }

    @Test
    void aPrivateFlavorIsUsedOnlyByTheProjectsGivenIt() {
        ComputeFlavors flavors = new ComputeFlavors(flavorRepository, new FlavorAccessRepository(database.jdbi()));
        flavors.create(ADMIN, new ComputeFlavor("private-1", "private-one", 64, 1, 1, 0, 0, 1.0, false, null, Map.of(),
                false));
        assertThat(flavors.list(MEMBER)).extracting(ComputeFlavor::id).doesNotContain("private-1");
        assertThat(flavors.list(ADMIN)).extracting(ComputeFlavor::id).contains("private-1");
        assertRefused(request(Optional.of(IMAGE), "private-1", List.of()), "Invalid flavorRef provided.");

        assertThat(flavors.addAccess("private-1", MEMBER.projectId())).containsExactly(MEMBER.projectId());
        assertThatThrownBy(() -> flavors.addAccess("private-1", MEMBER.projectId()))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.code()).isEqualTo(ServiceError.CONFLICT));
        assertThat(flavors.list(MEMBER)).extracting(ComputeFlavor::id).contains("private-1");
        assertThat(flavors.list(OTHER)).extracting(ComputeFlavor::id).doesNotContain("private-1");
        assertThat(flavors.visible(MEMBER, "private-1").name()).isEqualTo("private-one");
        assertThatThrownBy(() -> flavors.visible(OTHER, "private-1")).hasMessage("Flavor private-1 could not be found.");

        assertThat(flavors.removeAccess("private-1", MEMBER.projectId())).isEmpty();
        assertThatThrownBy(() -> flavors.removeAccess("private-1", MEMBER.projectId()))
                .hasMessage("Flavor access not found for private-1 / project-a combination.");
        assertThatThrownBy(() -> flavors.accessList(NANO)).hasMessage("Access list not available for public flavors.");
    }

    @Test
    void aPausedServerIsFrozenUntilUnpausedAndStaysPausedThroughAPowerSync() throws Exception {
        Server server = compute.creation().create(MEMBER, request(Optional.of(IMAGE), NANO, List.of()));
        awaitStatus(server.id(), ServerStatus.ACTIVE);
        compute.power().apply(MEMBER, server.id(), ServerAction.PAUSE);
        Server paused = awaitStatus(server.id(), ServerStatus.PAUSED);
        assertThat(paused.apiStatus()).isEqualTo("PAUSED");
        assertThat(paused.powerState()).isEqualTo(PowerState.PAUSED);
        assertThat(hypervisor.state(server.id())).isEqualTo(DomainState.PAUSED);
        module.recovery().syncPowerStates();
        Thread.sleep(200);
        assertThat(compute.servers().get(MEMBER, server.id()).status()).isEqualTo(ServerStatus.PAUSED);
        assertThatThrownBy(() -> compute.power().stop(MEMBER, server.id()))
                .hasMessage("Cannot 'stop' instance " + server.id() + " while it is in vm_state paused");
        compute.servers().setMetadata(MEMBER, server.id(), Map.of("while", "paused"), false);

        compute.power().apply(MEMBER, server.id(), ServerAction.UNPAUSE);
        awaitStatus(server.id(), ServerStatus.ACTIVE);
        assertThat(hypervisor.state(server.id())).isEqualTo(DomainState.RUNNING);
        assertThatThrownBy(() -> compute.power().apply(MEMBER, server.id(), ServerAction.UNPAUSE))
                .hasMessage("Cannot 'unpause' instance " + server.id() + " while it is in vm_state active");
        compute.deletion().delete(MEMBER, server.id());
        awaitDeleted(server.id());
    }

    @Test
    void aMultipleCreateMakesAsManyAsTheQuotaAllowsBetweenMinAndMax() throws Exception {
        module.quotas().set(MEMBER.projectId(), Map.of(QuotaResource.INSTANCES, 2L), false);
        // The API request's id (its answer's X-Compute-Request-Id) is each server's create action's id, as in Nova.
        org.stackbox.common.CurrentRequest.start("req-11111111-2222-3333-4444-555555555555");
        List<Server> made;
        try {
            made = compute.creation().createMany(MEMBER, request(Optional.of(IMAGE), NANO, List.of()), 1, 3);
        } finally {
            org.stackbox.common.CurrentRequest.end();
        }
        for (Server server : made) {
            assertThat(new org.stackbox.compute.store.InstanceActionRepository(database.jdbi()).find(server.id(),
                    "req-11111111-2222-3333-4444-555555555555")).isPresent();
        }
        assertThat(made).extracting(Server::name).containsExactly("server-1", "server-2");
        assertThatThrownBy(() -> compute.creation().createMany(MEMBER, request(Optional.of(IMAGE), NANO, List.of()), 2, 2))
                .hasMessage("Quota exceeded for instances: Requested 2, but already used 2 of 2 instances");
        for (Server server : made) {
            awaitStatus(server.id(), ServerStatus.ACTIVE);
            compute.deletion().delete(MEMBER, server.id());
        }
        for (Server server : made) {
            awaitDeleted(server.id());
        }
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
        new ComputeFlavors(flavorRepository, new FlavorAccessRepository(database.jdbi())).create(ADMIN,
                new ComputeFlavor("huge", "huge", 1_000_000, 1, 1, 0, 0, 1.0, true, null, Map.of(), false));
        // Within the project's quota, which would refuse it first otherwise.
        module.quotas().set(MEMBER.projectId(), Map.of(QuotaResource.RAM, -1L), false);
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

        // As Nova, a detach answers at once: the volume is detaching, and a guest that keeps its disk (this one has no
        // operating system to let a PCI disk go) gets it back in use when the detach times out.
        compute.volumes().detach(MEMBER, server.id(), data);
        assertThat(volumes.find(MEMBER, data).status()).isEqualTo("detaching");
        awaitVolume(data, "in-use");
        assertThat(compute.volumes().blockDevices(ADMIN, server.id())).extracting(BlockDeviceEntry::target)
                .contains("vdb");

        compute.power().stop(MEMBER, server.id());
        awaitStatus(server.id(), ServerStatus.SHUTOFF);
        compute.volumes().detach(MEMBER, server.id(), data);
        awaitVolume(data, "available");
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
    void aReadOnlyVolumeIsHotPluggedReadOnlyAndAWritableOneWritable() throws Exception {
        Server server = compute.creation().create(MEMBER, request(Optional.of(IMAGE), NANO, List.of()));
        awaitStatus(server.id(), ServerStatus.ACTIVE);
        String readOnly = blankVolume();
        String writable = blankVolume();
        volumeService.setReadOnly(MEMBER, readOnly, true);

        compute.volumes().attach(MEMBER, server.id(), readOnly, false);
        compute.volumes().attach(MEMBER, server.id(), writable, false);

        assertThat(hypervisor.definition(server.id()).diskWithSource(new DiskSource.Volume(readOnly)))
                .map(DiskDevice::readOnly).contains(true);
        assertThat(hypervisor.definition(server.id()).diskWithSource(new DiskSource.Volume(writable)))
                .map(DiskDevice::readOnly).contains(false);
        assertThat(volumeService.get(MEMBER, readOnly).adminMetadata()).containsEntry("readonly", "True");
        assertThat(volumeService.get(MEMBER, writable).adminMetadata()).containsEntry("readonly", "False");
    }

    @Test
    void aRestartFinishesAnAttachTheDomainHasAndRollsBackOneItDoesNot() throws Exception {
        Server server = compute.creation().create(MEMBER, request(Optional.of(IMAGE), NANO, List.of()));
        awaitStatus(server.id(), ServerStatus.ACTIVE);
        String plugged = blankVolume();
        String reserved = blankVolume();
        compute.volumes().attach(MEMBER, server.id(), plugged, false);
        // Stopped after the domain had the disk but before the server recorded it; and right after a reservation.
        new ServerVolumeRepository(database.jdbi()).delete(server.id(), plugged);
        volumes.reserve(MEMBER, reserved, server.id());
        assertThat(compute.volumes().list(MEMBER, server.id())).isEmpty();

        module.close();
        ComputeModule restarted = newModule(new HostCapacity(new HostCapacity.Resources(2, 4096, 100)));
        module = restarted;
        restarted.recovery().recover();

        assertThat(restarted.servers().volumes().list(MEMBER, server.id())).extracting(ServerVolume::volumeId)
                .containsExactly(plugged);
        assertThat(volumes.find(MEMBER, plugged).status()).isEqualTo("in-use");
        assertThat(volumes.find(MEMBER, reserved).status()).isEqualTo("available");
        assertThat(volumes.attachmentsOf(ADMIN, server.id())).extracting(Volumes.AttachmentDescription::volumeId)
                .containsExactly(plugged);
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
            Server server = compute.servers().get(ADMIN, serverId);
            if (server.status() == wanted && server.taskState() == null) {
                return server;
            }
            assertThat(Instant.now()).as("server %s is %s, task %s (%s)", serverId, server.status(), server.taskState(),
                            server.fault())
                    .isBefore(deadline);
            Thread.sleep(50);
        }
    }

    private void awaitVolume(String volumeId, String status) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!volumes.find(MEMBER, volumeId).status().equals(status)) {
            assertThat(Instant.now()).as("volume %s is %s", volumeId, volumes.find(MEMBER, volumeId).status())
                    .isBefore(deadline);
            Thread.sleep(50);
        }
    }

    /** The record ends just after the server does, as Nova saves it after the instance. */
    private static void awaitMigration(MigrationRepository migrations, long id, MigrationStatus wanted)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (migrations.findById(id).orElseThrow().status() != wanted) {
            assertThat(Instant.now()).as("migration %s is %s", id, migrations.findById(id).orElseThrow().status())
                    .isBefore(deadline);
            Thread.sleep(50);
        }
    }

    private void awaitDeleted(String serverId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (compute.servers().list(ADMIN, true).stream().anyMatch(server -> server.id().equals(serverId))) {
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(50);
        }
    }

    private void awaitConsole(String serverId, String text) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!compute.consoles().output(MEMBER, serverId, Optional.empty()).contains(text)) {
            assertThat(Instant.now()).as("no %s from %s", text, serverId).isBefore(deadline);
            Thread.sleep(100);
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
