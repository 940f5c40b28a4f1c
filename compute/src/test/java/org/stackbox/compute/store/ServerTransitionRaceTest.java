package org.stackbox.compute.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stackbox.compute.model.PowerState;
import org.stackbox.compute.model.Server;
import org.stackbox.compute.model.ServerAction;
import org.stackbox.compute.model.ServerStatus;
import org.stackbox.compute.model.TaskState;
import org.stackbox.database.Database;
import org.stackbox.database.DatabaseUrl;
import org.stackbox.database.TestPostgres;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compare-and-set that starts a server action, on SQLite and on PostgreSQL: of N requests racing for one server,
 * through two connection pools as two Stackbox processes would have them, exactly one starts its action; and the end
 * of an action never undoes the task of one that took the server over.
 */
@Timeout(120)
class ServerTransitionRaceTest {
    private static final int RACERS = 16;

    @TempDir
    Path directory;

    @Test
    void exactlyOneOfConcurrentTransitionsWinsOnSqlite() throws Exception {
        DatabaseUrl url = DatabaseUrl.sqlite(directory.resolve("stackbox.db"));
        race(url);
    }

    @Test
    void exactlyOneOfConcurrentTransitionsWinsOnPostgresql() throws Exception {
        race(TestPostgres.emptyDatabase());
    }

    private void race(DatabaseUrl url) throws Exception {
        try (Database first = new Database(url)) {
            first.migrate("compute");
            try (Database second = new Database(url)) {
                List<ServerRepository> processes = List.of(new ServerRepository(first.jdbi()),
                        new ServerRepository(second.jdbi()));
                exactlyOneWins(processes, ServerAction.STOP, ServerStatus.ACTIVE, TaskState.POWERING_OFF);
                exactlyOneWins(processes, ServerAction.START, ServerStatus.SHUTOFF, TaskState.POWERING_ON);
                exactlyOneWins(processes, ServerAction.DELETE, ServerStatus.ACTIVE, TaskState.DELETING);
                theEndOfAnActionDoesNotUndoATakeOver(processes.get(0));
                anActionIsRefusedInStatesItDoesNotAllow(processes.get(0));
            }
        }
    }

    private void exactlyOneWins(List<ServerRepository> processes, ServerAction action, ServerStatus status,
                                TaskState expected) throws Exception {
        String id = insert(processes.get(0), status);
        CyclicBarrier start = new CyclicBarrier(RACERS);
        ExecutorService threads = Executors.newFixedThreadPool(RACERS);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int racer = 0; racer < RACERS; racer++) {
                ServerRepository repository = processes.get(racer % processes.size());
                Callable<Boolean> transition = () -> {
                    start.await();
                    return repository.transition(id, action, Instant.now());
                };
                results.add(threads.submit(transition));
            }
            int won = 0;
            for (Future<Boolean> result : results) {
                won += result.get() ? 1 : 0;
            }
            assertThat(won).as("%s transitions that won", action).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
        Server after = processes.get(1).findById(id).orElseThrow();
        assertThat(after.status()).isEqualTo(status);
        assertThat(after.taskState()).isEqualTo(expected);
    }

    private void theEndOfAnActionDoesNotUndoATakeOver(ServerRepository servers) {
        String id = insert(servers, ServerStatus.ACTIVE);
        assertThat(servers.transition(id, ServerAction.STOP, Instant.now())).isTrue();
        assertThat(servers.transition(id, ServerAction.REBOOT_SOFT, Instant.now())).isFalse();
        assertThat(servers.transition(id, ServerAction.DELETE, Instant.now())).isTrue();
        assertThat(servers.transition(id, ServerAction.DELETE, Instant.now())).as("a second delete").isFalse();
        // The stop ends: its task was taken over by the delete, which keeps it.
        assertThat(servers.finishTask(id, TaskState.POWERING_OFF, ServerStatus.SHUTOFF, PowerState.SHUTDOWN,
                Instant.now())).isFalse();
        assertThat(servers.recordPowerState(id, ServerStatus.ACTIVE, ServerStatus.SHUTOFF, PowerState.SHUTDOWN,
                Instant.now())).isFalse();
        servers.rename(id, "renamed", null, Instant.now());
        servers.saveDomainSpec(id, "{}", Instant.now());
        Server deleting = servers.findById(id).orElseThrow();
        assertThat(deleting.taskState()).isEqualTo(TaskState.DELETING);
        assertThat(deleting.status()).isEqualTo(ServerStatus.ACTIVE);
        assertThat(deleting.name()).isEqualTo("renamed");
        assertThat(servers.finishTask(id, TaskState.DELETING, ServerStatus.SHUTOFF, PowerState.SHUTDOWN,
                Instant.now())).isTrue();
        assertThat(servers.findById(id).orElseThrow().taskState()).isNull();
    }

    private void anActionIsRefusedInStatesItDoesNotAllow(ServerRepository servers) {
        String stopped = insert(servers, ServerStatus.SHUTOFF);
        assertThat(servers.transition(stopped, ServerAction.STOP, Instant.now())).isFalse();
        assertThat(servers.transition(stopped, ServerAction.REBOOT_SOFT, Instant.now())).isFalse();
        assertThat(servers.transition(stopped, ServerAction.REBOOT_HARD, Instant.now())).isTrue();
        assertThat(servers.transition(stopped, ServerAction.REBOOT_HARD, Instant.now()))
                .as("a hard reboot takes over a hard reboot, as Nova's ALLOW_REBOOT says").isTrue();
        assertThat(servers.transition(stopped, ServerAction.ATTACH_VOLUME, Instant.now())).isFalse();
        String deleted = insert(servers, ServerStatus.ACTIVE);
        servers.markDeleted(deleted, Instant.now());
        assertThat(servers.transition(deleted, ServerAction.DELETE, Instant.now())).isFalse();
        assertThat(servers.transition("no-such-server", ServerAction.DELETE, Instant.now())).isFalse();
    }

    private static String insert(ServerRepository servers, ServerStatus status) {
        String id = java.util.UUID.randomUUID().toString();
        Instant now = Instant.now();
        servers.insert(new Server(id, "project-a", "user-1", "racer", null, "10", null, status, null,
                status == ServerStatus.ACTIVE ? PowerState.RUNNING : PowerState.SHUTDOWN, "host", null, null, false,
                Map.of(), List.of(), null, "nova", null, null, null, null, null, now, now, now));
        return id;
    }
}
