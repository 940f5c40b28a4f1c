package org.stackbox.compute;

import org.stackbox.volume.store.VolumeTypeRepository;
import org.stackbox.volume.VolumeTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stackbox.common.ServiceError;
import org.stackbox.common.ServiceException;
import org.stackbox.common.auth.Caller;
import org.stackbox.compute.model.InstanceAction;
import org.stackbox.compute.model.PowerState;
import org.stackbox.compute.model.Server;
import org.stackbox.compute.model.ServerStatus;
import org.stackbox.compute.model.ServerVolume;
import org.stackbox.compute.store.FlavorAccessRepository;
import org.stackbox.compute.store.FlavorRepository;
import org.stackbox.compute.store.InstanceActionRepository;
import org.stackbox.compute.store.ServerRepository;
import org.stackbox.database.Database;
import org.stackbox.database.DatabaseUrl;
import org.stackbox.database.TestPostgres;
import org.stackbox.network.NetworkConfig;
import org.stackbox.network.NetworkModule;
import org.stackbox.storage.block.LocalBlockStore;
import org.stackbox.storage.block.QemuImg;
import org.stackbox.virt.DiskSource;
import org.stackbox.virt.DomainState;
import org.stackbox.virt.DomainStatus;
import org.stackbox.virt.RebootType;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Twenty conflicting actions at once on one real QEMU guest, on SQLite and on PostgreSQL: each is accepted or refused
 * with Nova's 409, none runs twice (the instance actions and the hypervisor's calls match the accepted requests), and
 * the server ends in the state QEMU is really in, its volumes attached or available, never half. Three such waves,
 * then one with deletes among the rest: exactly one delete runs, and nothing of the server is left.
 */
@Timeout(300)
class ConcurrentServerActionsTest {
    private static final Caller MEMBER = new Caller("user-1", "alice", "default", "project-a", "a", null,
            Set.of("member", "reader"), Instant.MAX);
    private static final String IMAGE = "0d3c2b1a-0000-4000-8000-000000000001";
    private static final String NANO = "10";
    private static final int EACH = 5;
    private static final int WAVES = 3;

    @TempDir
    Path directory;

    private Database database;
    private ComputeModule module;
    private QemuHypervisor qemu;

    /** What one request did: accepted, or refused with this exception. */
    private record Outcome(String action, Optional<ServiceException> refusal) {
        boolean accepted() {
            return refusal.isEmpty();
        }
    }

    private record Request(String action, Runnable call) {}

    @Test
    void onSqlite() throws Exception {
        race(DatabaseUrl.sqlite(directory.resolve("stackbox.db")));
    }

    @Test
    void onPostgresql() throws Exception {
        race(TestPostgres.emptyDatabase());
    }

    @AfterEach
    void tearDown() {
        if (module != null) {
            module.close();
        }
        if (qemu != null) {
            qemu.reconcile().forEach(status -> qemu.destroy(status.serverId()));
        }
        if (database != null) {
            database.close();
        }
    }

    private void race(DatabaseUrl url) throws Exception {
        database = new Database(url);
        database.migrate("volume");
        database.migrate("compute");
        database.migrate("network");
        var jdbi = database.jdbi();
        MarkerImages images = new MarkerImages(Files.createDirectories(directory.resolve("images")));
        images.markerDisk(IMAGE, "CONCURRENT-ACTIONS-MARKER");
        LocalBlockStore volumeStore = new LocalBlockStore(directory.resolve("volumes"), QemuImg.system());
        VolumeRepository volumeRepository = new VolumeRepository(jdbi);
        SnapshotRepository snapshots = new SnapshotRepository(jdbi);
        QuotaRepository quotas = new QuotaRepository(jdbi);
        quotas.set(MEMBER.projectId(), "volumes", 100);
        VolumeService volumeService = new VolumeService(volumeRepository, snapshots,
                new VolumeQuotas(quotas, volumeRepository, snapshots),
                new VolumeTypes(new VolumeTypeRepository(jdbi), volumeRepository, Clock.systemUTC()), volumeStore, images,
                Runnable::run, directory.resolve("scratch"), Clock.systemUTC());
        Volumes volumes = new LocalVolumes(volumeService, new VolumeAttachments(volumeRepository,
                new AttachmentRepository(jdbi), volumeService, volumeStore, Clock.systemUTC()), volumeStore);
        qemu = new QemuHypervisor(directory.resolve("run"), Path.of("/usr/bin/qemu-system-x86_64"), Accelerator.TCG,
                QemuTimeouts.defaults());
        CountingHypervisor hypervisor = new CountingHypervisor(qemu);
        NetworkModule network = new NetworkModule(jdbi, NetworkConfig.defaults(), "http://127.0.0.1/network",
                (deviceId, projectId) -> false, new org.stackbox.network.TftpRoots(directory.resolve("tftp")));
        new ComputeFlavors(new FlavorRepository(jdbi), new FlavorAccessRepository(jdbi)).ensureDefaults();
        module = new ComputeModule(jdbi, images, volumes, network.ports(), hypervisor,
                new LocalBlockStore(directory.resolve("instances"), QemuImg.system()),
                directory.resolve("config-drives"), new HostCapacity(new HostCapacity.Resources(2, 4096, 100)),
                new RecordedConsoles(), ComputeConfig.defaults(), "http://127.0.0.1/compute",
                "http://127.0.0.1/image");
        ServerOperations compute = module.servers();
        ServerRepository servers = new ServerRepository(jdbi);
        InstanceActionRepository instanceActions = new InstanceActionRepository(jdbi);

        String serverId = compute.creation().create(MEMBER, new CreateServer("racer", Optional.empty(),
                Optional.of(IMAGE), NANO, new NetworkRequest.None(), List.of(), Optional.empty(), Optional.empty(),
                Map.of(), Optional.empty(), Optional.empty())).id();
        awaitQuiet(servers, instanceActions, serverId);
        assertThat(servers.findById(serverId).orElseThrow().status()).isEqualTo(ServerStatus.ACTIVE);

        // Waves of stops, starts, reboots and attachments of five volumes, all at once: each starts from where the
        // last one left the server, so that different actions win.
        List<String> volumeIds = new ArrayList<>();
        for (int wave = 0; wave < WAVES; wave++) {
            volumeIds.addAll(wave(compute, volumes, hypervisor, servers, instanceActions, serverId));
        }

        // Last, a wave with deletes among the rest.
        List<String> moreVolumes = new ArrayList<>();
        List<Request> round = new ArrayList<>();
        for (int index = 0; index < 4; index++) {
            String volumeId = volumes.create(MEMBER, "more-" + index, 1, Optional.empty(), Duration.ofSeconds(30)).id();
            moreVolumes.add(volumeId);
            round.add(new Request("stop", () -> compute.power().stop(MEMBER, serverId)));
            round.add(new Request("start", () -> compute.power().start(MEMBER, serverId)));
            round.add(new Request("reboot", () -> compute.power().reboot(MEMBER, serverId, RebootType.SOFT)));
            round.add(new Request("attach_volume", () -> compute.volumes().attach(MEMBER, serverId, volumeId,
                    false)));
            round.add(new Request("delete", () -> compute.deletion().delete(MEMBER, serverId)));
        }
        long powerOns = hypervisor.calls("powerOn");
        long powerOffs = hypervisor.calls("powerOff");
        long reboots = hypervisor.calls("reboot");
        List<InstanceAction> before = instanceActions.forServer(serverId);
        List<Outcome> second = fire(round, serverId, true);
        awaitQuiet(servers, instanceActions, serverId);
        assertThat(servers.findById(serverId).orElseThrow().status()).isEqualTo(ServerStatus.DELETED);
        assertThat(qemu.reconcile()).extracting(DomainStatus::serverId).doesNotContain(serverId);
        assertThat(hypervisor.calls("destroy")).as("deletes that ran").isEqualTo(1L);
        List<InstanceAction> recorded = instanceActions.forServer(serverId).stream()
                .filter(action -> !before.contains(action)).toList();
        assertThat(count(recorded, "delete", null)).isEqualTo(1L);
        assertThat(count(recorded, "delete", "Success")).isEqualTo(1L);
        for (String action : List.of("stop", "start", "reboot")) {
            assertThat(count(recorded, action, null)).as("%s actions recorded", action)
                    .isEqualTo(accepted(second, action));
        }
        // The delete may cut a power action short once its hypervisor call began (it destroys the guest the call
        // waits for): that action is recorded as failed. No action calls the hypervisor twice, and every success did.
        for (String[] kind : new String[][] {{"start", "powerOn"}, {"stop", "powerOff"}, {"reboot", "reboot"}}) {
            long calls = hypervisor.calls(kind[1]) - switch (kind[1]) {
                case "powerOn" -> powerOns;
                case "powerOff" -> powerOffs;
                default -> reboots;
            };
            assertThat(calls).as("%s calls", kind[1]).isBetween(count(recorded, kind[0], "Success"),
                    count(recorded, kind[0], null));
        }
        for (String volumeId : concat(volumeIds, moreVolumes)) {
            assertThat(volumes.find(MEMBER, volumeId).status()).as("volume %s", volumeId).isEqualTo("available");
        }
    }

    /** One wave without deletes; returns the volumes it tried to attach. */
    private List<String> wave(ServerOperations compute, Volumes volumes, CountingHypervisor hypervisor,
                              ServerRepository servers, InstanceActionRepository instanceActions, String serverId)
            throws Exception {
        List<String> volumeIds = new ArrayList<>();
        List<Request> round = new ArrayList<>();
        for (int index = 0; index < EACH; index++) {
            String volumeId = volumes.create(MEMBER, "data-" + index, 1, Optional.empty(), Duration.ofSeconds(30)).id();
            volumeIds.add(volumeId);
            round.add(new Request("stop", () -> compute.power().stop(MEMBER, serverId)));
            round.add(new Request("start", () -> compute.power().start(MEMBER, serverId)));
            round.add(new Request("reboot", () -> compute.power().reboot(MEMBER, serverId, RebootType.SOFT)));
            round.add(new Request("attach_volume", () -> compute.volumes().attach(MEMBER, serverId, volumeId,
                    false)));
        }
        Map<String, Long> callsBefore = new java.util.HashMap<>();
        for (String method : List.of("powerOn", "powerOff", "reboot", "attachDisk")) {
            callsBefore.put(method, hypervisor.calls(method));
        }
        List<InstanceAction> before = instanceActions.forServer(serverId);
        List<Outcome> outcomes = fire(round, serverId, false);
        awaitQuiet(servers, instanceActions, serverId);
        Server server = servers.findById(serverId).orElseThrow();
        assertMatchesQemu(server, qemu.state(serverId));
        List<String> attached = compute.volumes().list(MEMBER, serverId).stream().map(ServerVolume::volumeId).toList();
        for (String volumeId : volumeIds) {
            boolean inDomain = qemu.definition(serverId).diskWithSource(new DiskSource.Volume(volumeId)).isPresent();
            String status = volumes.find(MEMBER, volumeId).status();
            if (attached.contains(volumeId)) {
                assertThat(status).as("volume %s, attached", volumeId).isEqualTo("in-use");
                assertThat(inDomain).as("volume %s in the domain", volumeId).isTrue();
            } else {
                assertThat(status).as("volume %s, not attached", volumeId).isEqualTo("available");
                assertThat(inDomain).as("volume %s in the domain", volumeId).isFalse();
            }
        }
        assertThat(volumeIds.stream().filter(attached::contains).count()).isEqualTo(accepted(outcomes, "attach_volume"));
        List<InstanceAction> recorded = instanceActions.forServer(serverId).stream()
                .filter(action -> !before.contains(action)).toList();
        for (String action : List.of("stop", "start", "reboot")) {
            assertThat(count(recorded, action, null)).as("%s actions recorded", action)
                    .isEqualTo(accepted(outcomes, action));
            assertThat(count(recorded, action, "Success")).as("%s actions that ran", action)
                    .isEqualTo(accepted(outcomes, action));
        }
        assertThat(count(recorded, "attach_volume", "Success")).isEqualTo(accepted(outcomes, "attach_volume"));
        assertThat(hypervisor.calls("powerOn") - callsBefore.get("powerOn")).isEqualTo(accepted(outcomes, "start"));
        assertThat(hypervisor.calls("powerOff") - callsBefore.get("powerOff")).isEqualTo(accepted(outcomes, "stop"));
        assertThat(hypervisor.calls("reboot") - callsBefore.get("reboot")).isEqualTo(accepted(outcomes, "reboot"));
        assertThat(hypervisor.calls("attachDisk") - callsBefore.get("attachDisk"))
                .isEqualTo(accepted(outcomes, "attach_volume"));
        assertThat(outcomes.stream().filter(Outcome::accepted).count()).as("requests accepted").isPositive();
        return volumeIds;
    }

    /** Fires the requests from as many threads at once; each must be accepted or refused with Nova's 409. */
    private static List<Outcome> fire(List<Request> requests, String serverId, boolean deletes) throws Exception {
        CyclicBarrier start = new CyclicBarrier(requests.size());
        ExecutorService threads = Executors.newFixedThreadPool(requests.size());
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Request request : requests) {
                futures.add(threads.submit(() -> {
                    start.await();
                    try {
                        request.call().run();
                        return new Outcome(request.action(), Optional.empty());
                    } catch (ServiceException refused) {
                        return new Outcome(request.action(), Optional.of(refused));
                    }
                }));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> future : futures) {
                outcomes.add(future.get());
            }
            Pattern conflict = Pattern.compile("Cannot '" + "(stop|start|reboot|attach_volume|delete)" + "' instance "
                    + Pattern.quote(serverId) + " while it is in (vm_state (active|stopped|error|deleted)"
                    + "|task_state (powering-off|powering-on|rebooting|deleting))");
            for (Outcome outcome : outcomes) {
                outcome.refusal().ifPresent(refused -> {
                    if (deletes && refused.code() == ServiceError.NOT_FOUND) {
                        // A request that comes after the delete has finished finds no server, as in Nova.
                        assertThat(refused.getMessage()).isEqualTo("Instance " + serverId + " could not be found.");
                        return;
                    }
                    assertThat(refused.code()).as("%s: %s", outcome.action(), refused.getMessage())
                            .isEqualTo(ServiceError.CONFLICT);
                    assertThat(refused.getMessage()).matches(conflict)
                            .startsWith("Cannot '" + outcome.action() + "'");
                });
            }
            return outcomes;
        } finally {
            threads.shutdownNow();
        }
    }

    private static void assertMatchesQemu(Server server, DomainState domain) {
        assertThat(server.taskState()).isNull();
        switch (domain) {
            case RUNNING -> {
                assertThat(server.status()).isEqualTo(ServerStatus.ACTIVE);
                assertThat(server.powerState()).isEqualTo(PowerState.RUNNING);
            }
            case SHUT_OFF -> {
                assertThat(server.status()).isEqualTo(ServerStatus.SHUTOFF);
                assertThat(server.powerState()).isEqualTo(PowerState.SHUTDOWN);
            }
            case PAUSED, CRASHED -> throw new AssertionError("the guest is " + domain);
        }
    }

    /** Waits until every action on the server has ended and it has no task. */
    private static void awaitQuiet(ServerRepository servers, InstanceActionRepository actions, String serverId)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (true) {
            Server server = servers.findById(serverId).orElseThrow();
            boolean ended = actions.forServer(serverId).stream().allMatch(action -> action.finishTime() != null);
            if (ended && server.taskState() == null && server.status() != ServerStatus.BUILD) {
                return;
            }
            assertThat(Instant.now()).as("server %s is %s/%s", serverId, server.status(), server.taskState())
                    .isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private static long accepted(List<Outcome> outcomes, String action) {
        return outcomes.stream().filter(outcome -> outcome.action().equals(action) && outcome.accepted()).count();
    }

    private static long count(List<InstanceAction> actions, String action, String result) {
        return actions.stream().filter(recorded -> recorded.action().equals(action))
                .filter(recorded -> result == null || result.equals(recorded.result())).count();
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
