package org.stackbox.compute;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stackbox.compute.model.PowerState;
import org.stackbox.compute.model.Server;
import org.stackbox.compute.model.ServerStatus;
import org.stackbox.compute.model.TaskLog;
import org.stackbox.compute.store.FlavorAccessRepository;
import org.stackbox.compute.store.FlavorRepository;
import org.stackbox.compute.store.ServerRepository;
import org.stackbox.compute.store.TaskLogRepository;
import org.stackbox.database.Database;
import org.stackbox.database.DatabaseUrl;
import org.stackbox.database.TestPostgres;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The instance usage audit against a real database: which servers a period counts (launched and deleted around its
 * boundaries, as Nova's instance_get_active_by_window_joined), the task log it leaves, its errors, a restart that
 * finds the period done (or begun) and does not run it again, the summary the API shows, and the timer that runs
 * the next period when it ends.
 */
@Timeout(60)
class InstanceUsageAuditTest {
    private static final Instant NOVEMBER = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant DECEMBER = Instant.parse("2026-12-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2026-12-06T06:00:00Z");

    @TempDir
    Path directory;

    private final List<String> recorded = new CopyOnWriteArrayList<>();

    @Test
    void auditsTheServersThatRanInTheLastMonthOnSqlite() {
        try (Database database = new Database(DatabaseUrl.sqlite(directory.resolve("stackbox.db")))) {
            auditsTheServersThatRanInTheLastMonth(database);
        }
    }

    @Test
    void auditsTheServersThatRanInTheLastMonthOnPostgresql() {
        try (Database database = new Database(TestPostgres.emptyDatabase())) {
            auditsTheServersThatRanInTheLastMonth(database);
        }
    }

    private void auditsTheServersThatRanInTheLastMonth(Database database) {
        database.migrate("compute");
        ServerRepository servers = new ServerRepository(database.jdbi());
        String runsThrough = server(servers, "runs-through", Instant.parse("2026-10-15T00:00:00Z"), null);
        server(servers, "gone-before", Instant.parse("2026-10-15T00:00:00Z"), Instant.parse("2026-10-31T23:59:59Z"));
        server(servers, "gone-at-the-start", Instant.parse("2026-10-15T00:00:00Z"), NOVEMBER);
        String goneJustAfter = server(servers, "gone-just-after", Instant.parse("2026-10-15T00:00:00Z"),
                NOVEMBER.plusMillis(1));
        String lastMoment = server(servers, "last-moment", DECEMBER.minusMillis(1), null);
        server(servers, "launched-at-the-end", DECEMBER, null);
        String within = server(servers, "within", Instant.parse("2026-11-10T00:00:00Z"),
                Instant.parse("2026-11-20T00:00:00Z"));
        server(servers, "never-launched", null, null);
        server(servers, "launched-after", Instant.parse("2026-12-02T00:00:00Z"), null);

        InstanceUsageAudit audit = audit(database, Clock.fixed(NOW, ZoneOffset.UTC), AuditPeriod.monthly(), Set.of());
        TaskLog log = audit.run().orElseThrow();

        assertThat(recorded).containsExactlyInAnyOrder(runsThrough, goneJustAfter, lastMoment, within);
        assertThat(log).usingRecursiveComparison().ignoringFields("message").isEqualTo(new TaskLog(
                InstanceUsageAudit.TASK_NAME, HostCapacity.HOST_NAME, NOVEMBER, DECEMBER, TaskLog.DONE, 4, 0, ""));
        assertThat(log.message()).matches("Instance usage audit ran for host stackbox, 4 instances in \\d+\\.\\d+ seconds\\.");
        UsageAuditLog shown = audit.log();
        assertThat(shown.period()).isEqualTo(new AuditPeriod.Period(NOVEMBER, DECEMBER));
        assertThat(shown.hostsDone()).containsExactly(HostCapacity.HOST_NAME);
        assertThat(shown.totalInstances()).isEqualTo(4);
        assertThat(shown.overallStatus()).isEqualTo("ALL hosts done. 0 errors.");
    }

    @Test
    void aServerThatCannotBeRecordedIsAnErrorAndTheOthersAreRecorded() {
        try (Database database = migrated()) {
            ServerRepository servers = new ServerRepository(database.jdbi());
            String kept = server(servers, "kept", Instant.parse("2026-11-02T00:00:00Z"), null);
            String broken = server(servers, "broken", Instant.parse("2026-11-03T00:00:00Z"), null);
            TaskLog log = audit(database, Clock.fixed(NOW, ZoneOffset.UTC), AuditPeriod.monthly(), Set.of(broken)).run()
                    .orElseThrow();
            assertThat(recorded).containsExactly(kept);
            assertThat(log.taskItems()).isEqualTo(2);
            assertThat(log.errors()).isEqualTo(1);
            assertThat(log.state()).isEqualTo(TaskLog.DONE);
            assertThat(audit(database, Clock.fixed(NOW, ZoneOffset.UTC), AuditPeriod.monthly(), Set.of()).log().overallStatus())
                    .isEqualTo("ALL hosts done. 1 errors.");
        }
    }

    @Test
    void aRestartDoesNotAuditAPeriodTwice() {
        Path file = directory.resolve("stackbox.db");
        try (Database first = new Database(DatabaseUrl.sqlite(file))) {
            first.migrate("compute");
            server(new ServerRepository(first.jdbi()), "one", Instant.parse("2026-11-02T00:00:00Z"), null);
            assertThat(audit(first, Clock.fixed(NOW, ZoneOffset.UTC), AuditPeriod.monthly(), Set.of()).run()).isPresent();
        }
        try (Database restarted = new Database(DatabaseUrl.sqlite(file))) {
            restarted.migrate("compute");
            Clock later = Clock.fixed(NOW.plus(Duration.ofDays(3)), ZoneOffset.UTC);
            assertThat(audit(restarted, later, AuditPeriod.monthly(), Set.of()).run()).as("November again").isEmpty();
            assertThat(recorded).hasSize(1);
            List<TaskLog> logs = new TaskLogRepository(restarted.jdbi()).all(InstanceUsageAudit.TASK_NAME, NOVEMBER,
                    DECEMBER);
            assertThat(logs).hasSize(1);
            assertThat(logs.get(0).taskItems()).isEqualTo(1);

            // An audit that a crash stopped stays RUNNING, and is not run again either (as in Nova).
            Instant january = Instant.parse("2027-01-01T00:00:00Z");
            assertThat(new TaskLogRepository(restarted.jdbi()).begin(InstanceUsageAudit.TASK_NAME,
                    HostCapacity.HOST_NAME, DECEMBER, january, 0, "Instance usage audit started...", january)).isTrue();
            InstanceUsageAudit audit = audit(restarted, Clock.fixed(january.plus(Duration.ofHours(1)), ZoneOffset.UTC),
                    AuditPeriod.monthly(), Set.of());
            assertThat(audit.run()).isEmpty();
            assertThat(audit.log().hostsRunning()).containsExactly(HostCapacity.HOST_NAME);
            assertThat(audit.log().overallStatus()).isEqualTo("0 of 1 hosts done. 0 errors.");
            assertThat(recorded).hasSize(1);
        }
    }

    @Test
    void aPeriodNotAuditedShowsItsHostNotRun() {
        try (Database database = migrated()) {
            UsageAuditLog october = audit(database, Clock.fixed(NOW, ZoneOffset.UTC), AuditPeriod.monthly(), Set.of())
                    .log(Instant.parse("2026-11-15T00:00:00Z"));
            assertThat(october.period()).isEqualTo(new AuditPeriod.Period(Instant.parse("2026-10-01T00:00:00Z"),
                    NOVEMBER));
            assertThat(october.logs()).isEmpty();
            assertThat(october.hostsNotRun()).containsExactly(HostCapacity.HOST_NAME);
            assertThat(october.overallStatus()).isEqualTo("0 of 1 hosts done. 0 errors.");
        }
    }

    @Test
    void theTimerAuditsAtStartAndAgainWhenThePeriodEnds() throws Exception {
        // A clock 300 ms before an hour ends, that runs on: the hour ends while the timer waits.
        Instant boundary = Instant.parse("2026-12-06T07:00:00Z");
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), boundary.minusMillis(300)));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (Database database = migrated()) {
            TaskLogRepository logs = new TaskLogRepository(database.jdbi());
            InstanceUsageAudit audit = audit(database, clock, AuditPeriod.parse("hour"), Set.of());
            audit.start(timer);
            Instant five = Instant.parse("2026-12-06T05:00:00Z");
            Instant six = Instant.parse("2026-12-06T06:00:00Z");
            waitFor(() -> logs.find(InstanceUsageAudit.TASK_NAME, HostCapacity.HOST_NAME, five, six).isPresent());
            assertThat(logs.all(InstanceUsageAudit.TASK_NAME, six, boundary)).as("not before the hour ends").isEmpty();
            // Due 300 ms and a second after it started.
            waitFor(() -> logs.find(InstanceUsageAudit.TASK_NAME, HostCapacity.HOST_NAME, six, boundary).isPresent());
            waitFor(() -> logs.all(InstanceUsageAudit.TASK_NAME, six, boundary).get(0).state().equals(TaskLog.DONE));
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void theLoggedRecordIsNovasExistsPayload() {
        ServerUsages.ServerUsage usage = new ServerUsages.ServerUsage(new org.stackbox.compute.model.ServerLifetime(
                "server-1", "project-1", "web", "1", ServerStatus.DELETED, Instant.parse("2026-11-10T00:00:00Z"),
                Instant.parse("2026-11-10T12:00:00Z")), "m1.tiny", 1, 512, 1, 12.0, NOW);
        Map<String, Object> payload = UsageRecords.payload(usage, new AuditPeriod.Period(NOVEMBER, DECEMBER));
        assertThat(payload).containsEntry("event_type", "compute.instance.exists")
                .containsEntry("instance_id", "server-1").containsEntry("tenant_id", "project-1")
                .containsEntry("instance_type", "m1.tiny").containsEntry("memory_mb", 512)
                .containsEntry("state", "deleted").containsEntry("deleted_at", "2026-11-10T12:00:00Z")
                .containsEntry("audit_period_beginning", "2026-11-01T00:00:00Z")
                .containsEntry("audit_period_ending", "2026-12-01T00:00:00Z").containsEntry("hours", 12.0);
        UsageRecords.logged().exists(usage, new AuditPeriod.Period(NOVEMBER, DECEMBER));
    }

    private Database migrated() {
        Database database = new Database(DatabaseUrl.sqlite(directory.resolve("stackbox.db")));
        database.migrate("compute");
        return database;
    }

    /** An audit of this cloud's host whose records fail for the servers {@code failing}. */
    private InstanceUsageAudit audit(Database database, Clock clock, AuditPeriod period, Set<String> failing) {
        ComputeFlavors flavors = new ComputeFlavors(new FlavorRepository(database.jdbi()),
                new FlavorAccessRepository(database.jdbi()));
        flavors.ensureDefaults();
        UsageRecords records = (usage, audited) -> {
            if (failing.contains(usage.server().id())) {
                throw new IllegalStateException("no record for " + usage.server().id());
            }
            recorded.add(usage.server().id());
        };
        return new InstanceUsageAudit(new TaskLogRepository(database.jdbi()),
                new ServerUsages(new ServerRepository(database.jdbi()), flavors, clock), records, period,
                HostCapacity.HOST_NAME, clock);
    }

    /** A server launched then (never when null), deleted then (alive when null). */
    private static String server(ServerRepository servers, String name, Instant launched, Instant deleted) {
        String id = UUID.randomUUID().toString();
        Instant created = launched == null ? NOVEMBER : launched.minusSeconds(60);
        servers.insert(new Server(id, "project-a", "user-1", name, null, "1", null,
                launched == null ? ServerStatus.ERROR : ServerStatus.ACTIVE, null,
                launched == null ? PowerState.NOSTATE : PowerState.RUNNING, HostCapacity.HOST_NAME, null, null, false,
                Map.of(), List.of(), null, "nova", null, null, null, null, null, launched, created, created));
        if (deleted != null) {
            servers.markDeleted(id, deleted);
        }
        return id;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 20 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
