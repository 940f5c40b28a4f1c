package org.stackbox.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Servers outlive Stackbox: stopping and starting Stackbox leaves running servers running and manageable, and a
 * server whose QEMU died meanwhile is SHUTOFF.
 */
@Timeout(300)
class ComputeRestartTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARKER = "STACKBOX-RESTART-MARKER";

    @TempDir
    Path work;

    private Path home;
    private Map<String, String> admin;

    /** QEMU outlives Stackbox by design: whatever a failed test left running is stopped here. */
    @AfterEach
    void stopLeftoverGuests() throws Exception {
        CloudUnderTest.stopLeftoverGuests(work.resolve("data"));
    }

    @Test
    void runningServersSurviveARestartAndDeadOnesAreShutOff() throws Exception {
        home = Files.createDirectories(work.resolve("home"));
        Path data = work.resolve("data");
        int port = StackboxProcess.freePort();
        StackboxProcess first = StackboxProcess.start(data, port);
        String survivor;
        String victim;
        long survivorPid;
        long victimPid;
        try {
            admin = first.adminEnvironment();
            Path disk = GuestDisks.markerDisk(work, "marker.raw", MARKER);
            String image = field(run("glance", "image-create", "--file", disk.toString(), "--disk-format", "raw",
                    "--container-format", "bare", "--property", "os_shutdown_timeout=1", "--name", "marker")
                    .requireSuccess(), "id");
            survivor = field(run("nova", "boot", "--flavor", "stackbox.nano", "--image", image, "survivor")
                    .requireSuccess(), "id");
            victim = field(run("nova", "boot", "--flavor", "stackbox.nano", "--image", image, "victim")
                    .requireSuccess(), "id");
            awaitStatus(survivor, "ACTIVE");
            awaitStatus(victim, "ACTIVE");
            survivorPid = qemuPid(data, survivor);
            victimPid = qemuPid(data, victim);
            assertThat(first.terminate()).isIn(0, 143);
        } finally {
            first.close();
        }
        assertThat(ProcessHandle.of(survivorPid).map(ProcessHandle::isAlive)).contains(true);
        ProcessHandle.of(victimPid).ifPresent(ProcessHandle::destroyForcibly);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (ProcessHandle.of(victimPid).map(ProcessHandle::isAlive).orElse(false)) {
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(100);
        }

        try (StackboxProcess second = StackboxProcess.start(data, port)) {
            awaitStatus(survivor, "ACTIVE");
            assertThat(qemuPid(data, survivor)).isEqualTo(survivorPid);
            awaitStatus(victim, "SHUTOFF");
            assertThat(run("openstack", "console", "log", "show", survivor).requireSuccess().stdout()).contains(MARKER);

            run("openstack", "server", "stop", survivor).requireSuccess();
            awaitStatus(survivor, "SHUTOFF");
            run("openstack", "server", "start", victim).requireSuccess();
            awaitStatus(victim, "ACTIVE");

            run("nova", "delete", survivor, victim).requireSuccess();
            for (String id : new String[] {survivor, victim}) {
                Instant gone = Instant.now().plus(Duration.ofSeconds(60));
                while (run("openstack", "server", "show", id).exitCode() == 0) {
                    assertThat(Instant.now()).isBefore(gone);
                    Thread.sleep(300);
                }
            }
            assertThat(ProcessHandle.of(survivorPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        }
    }

    private static long qemuPid(Path data, String serverId) throws Exception {
        return Long.parseLong(Files.readString(data.resolve("servers").resolve(serverId).resolve("qemu.pid")).strip());
    }

    private Cli.Result run(String... command) throws Exception {
        return Cli.run(admin, home, command);
    }

    private static String field(Cli.Result result, String name) {
        return ComputeClientTest.field(result, name);
    }

    private void awaitStatus(String id, String wanted) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            JsonNode server = JSON.readTree(run("openstack", "server", "show", "-f", "json", id).requireSuccess().stdout());
            if (server.path("status").asText().equals(wanted)) {
                return;
            }
            assertThat(Instant.now()).as("server %s: %s", id, server).isBefore(deadline);
            Thread.sleep(300);
        }
    }
}
