package org.stackbox.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A whole Stackbox whose data directory is a 64 MiB tmpfs that fills up: a full image store is Glance's 413, a full
 * database every service's 503 (token issue included) while reads and token validation go on, and once space is
 * freed everything works again without a restart. Needs root (it mounts the tmpfs) and skips otherwise.
 */
@Timeout(180)
class FullDataDirectoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FULL = "Stackbox's data directory is full: nothing can be stored until space is freed there.";
    private static final Map<String, String> OCTET_STREAM = Map.of("Content-Type", "application/octet-stream");
    private static final String IMAGE_DATA = "x".repeat(8 << 20);

    @TempDir
    Path scratch;

    private Path mountPoint;
    private InProcessCloud cloud;

    @AfterEach
    void unmount() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
        if (mountPoint != null) {
            run("umount", mountPoint.toString());
        }
    }

    @Test
    void fullAnswersClearlyKeepsReadingAndRecovers() throws Exception {
        assumeTrue(ProcessHandle.current().info().user().filter("root"::equals).isPresent(),
                "mounting a tmpfs for the data directory needs root");
        Path target = Files.createDirectory(scratch.resolve("tmpfs"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", target.toString()) == 0,
                "this machine does not let root mount a tmpfs");
        mountPoint = target;
        cloud = InProcessCloud.start(mountPoint.resolve("data"), "");
        String admin = cloud.admin();
        String projectId = cloud.project("full");
        cloud.user("alice", "member", projectId);
        String member = cloud.tokenOf("alice", projectId);
        String imageId = JSON.readTree(call("POST", "/image/v2/images", member,
                "{\"name\": \"disk\", \"disk_format\": \"raw\", \"container_format\": \"bare\"}").body()).path("id").asText();

        String qcow2Image = JSON.readTree(call("POST", "/image/v2/images", member,
                "{\"name\": \"data\", \"disk_format\": \"qcow2\", \"container_format\": \"bare\"}").body()).path("id").asText();
        HttpResponse<String> qcow2 = cloud.upload("/image/v2/images/" + qcow2Image + "/file", member,
                randomQcow2(scratch, 8));
        assertThat(qcow2.statusCode()).as(qcow2.body()).isEqualTo(204);

        Path almostFull = fill(mountPoint.resolve("almost-full"), 2L << 20);
        HttpResponse<String> converted = call("POST", "/volume/v3/" + projectId + "/volumes", member,
                "{\"volume\": {\"size\": 1, \"imageRef\": \"" + qcow2Image + "\"}}");
        assertThat(converted.statusCode()).as(converted.body()).isEqualTo(202);
        JsonNode failed = awaitVolumeSettled(member, projectId, JSON.readTree(converted.body()).at("/volume/id").asText());
        assertThat(failed.path("status").asText()).as(failed.toString()).isEqualTo("error");
        assertThat(failed.path("error_message").asText()).isEqualTo(FULL);
        HttpResponse<String> upload = cloud.call("PUT", "/image/v2/images/" + imageId + "/file", member, IMAGE_DATA, OCTET_STREAM);
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(413);
        assertThat(upload.body()).contains("Image storage media is full");
        assertThat(imageStatus(member, imageId)).isEqualTo("queued");

        emptyWriteAheadLog(cloud.data().databaseFile());
        Path full = fill(mountPoint.resolve("full"), 0);

        HttpResponse<String> token = tokenIssue();
        assertThat(token.statusCode()).isEqualTo(503);
        assertThat(token.body()).isEqualTo(
                "{\"error\":{\"code\":503,\"message\":\"%s\",\"title\":\"Service Unavailable\"}}".formatted(FULL));
        HttpResponse<String> keyPair = call("POST", "/compute/v2.1/os-keypairs", member, "{\"keypair\": {\"name\": \"k\"}}");
        assertThat(keyPair.statusCode()).as(keyPair.body()).isEqualTo(503);
        assertThat(keyPair.body()).isEqualTo("{\"serviceUnavailable\":{\"code\":503,\"message\":\"%s\"}}".formatted(FULL));
        HttpResponse<String> volume = call("POST", "/volume/v3/" + projectId + "/volumes", member, "{\"volume\": {\"size\": 1}}");
        assertThat(volume.statusCode()).as(volume.body()).isEqualTo(503);
        assertThat(volume.body()).isEqualTo("{\"serviceUnavailable\":{\"code\":503,\"message\":\"%s\"}}".formatted(FULL));
        HttpResponse<String> image = call("POST", "/image/v2/images", member, "{\"name\": \"another\"}");
        assertThat(image.statusCode()).as(image.body()).isEqualTo(503);
        assertThat(image.body()).isEqualTo("{\"serviceUnavailable\":{\"code\":503,\"message\":\"%s\"}}".formatted(FULL));
        HttpResponse<String> network = call("POST", "/network/v2.0/networks", member, "{\"network\": {\"name\": \"n\"}}");
        assertThat(network.statusCode()).as(network.body()).isEqualTo(503);
        assertThat(network.body()).isEqualTo(
                "{\"NeutronError\":{\"type\":\"HTTPServiceUnavailable\",\"message\":\"%s\",\"detail\":\"\"}}".formatted(FULL));

        assertThat(cloud.call("GET", "/identity/v3/auth/tokens", admin, null, Map.of("X-Subject-Token", member))
                .statusCode()).isEqualTo(200);
        for (String read : new String[] {"/compute/v2.1/servers", "/compute/v2.1/os-keypairs",
                "/volume/v3/" + projectId + "/volumes", "/image/v2/images", "/network/v2.0/networks"}) {
            assertThat(call("GET", read, member, null).statusCode()).as(read).isEqualTo(200);
        }

        Files.delete(full);
        Files.delete(almostFull);

        assertThat(tokenIssue().statusCode()).isEqualTo(201);
        assertThat(call("POST", "/compute/v2.1/os-keypairs", member, "{\"keypair\": {\"name\": \"k\"}}").statusCode())
                .isEqualTo(200);
        assertThat(call("POST", "/network/v2.0/networks", member, "{\"network\": {\"name\": \"n\"}}").statusCode())
                .isEqualTo(201);
        HttpResponse<String> uploaded = cloud.call("PUT", "/image/v2/images/" + imageId + "/file", member, IMAGE_DATA, OCTET_STREAM);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(204);
        assertThat(imageStatus(member, imageId)).isEqualTo("active");
    }

    private JsonNode awaitVolumeSettled(String token, String projectId, String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            JsonNode volume = JSON.readTree(call("GET", "/volume/v3/" + projectId + "/volumes/" + id, token, null)
                    .body()).path("volume");
            if (!volume.path("status").asText().equals("creating")) {
                return volume;
            }
            assertThat(System.nanoTime()).as("volume %s still creating", id).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** A qcow2 disk of {@code mebibytes} of random data, which a volume made from it has to convert. */
    private static byte[] randomQcow2(Path directory, int mebibytes) throws Exception {
        byte[] data = new byte[mebibytes << 20];
        new java.util.Random(6).nextBytes(data);
        Path raw = Files.write(directory.resolve("data.raw"), data);
        Path qcow2 = directory.resolve("data.qcow2");
        assertThat(run("qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw.toString(), qcow2.toString())).isZero();
        return Files.readAllBytes(qcow2);
    }

    private HttpResponse<String> tokenIssue() throws IOException, InterruptedException {
        return call("POST", "/identity/v3/auth/tokens", null, """
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "alice",
                 "domain": {"id": "default"}, "password": "secret-alice"}}}}}""");
    }

    private String imageStatus(String token, String imageId) throws IOException, InterruptedException {
        JsonNode image = JSON.readTree(call("GET", "/image/v2/images/" + imageId, token, null).body());
        return image.path("status").asText();
    }

    private HttpResponse<String> call(String method, String path, String token, String body)
            throws IOException, InterruptedException {
        return cloud.call(method, path, token, body);
    }

    /**
     * Checkpoints the database and truncates its write-ahead log, so that the next write has to grow the log: on a
     * full disk it then fails at once, as it does on a busy cloud whose log has filled.
     */
    private static void emptyWriteAheadLog(Path database) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    /** Writes a file until at most {@code leftBytes} are free on its file system (all of it when 0). */
    private static Path fill(Path file, long leftBytes) throws IOException {
        byte[] chunk = new byte[64 << 10];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (Files.getFileStore(file).getUsableSpace() > leftBytes + chunk.length) {
                out.write(chunk);
                out.flush();
            }
            if (leftBytes == 0) {
                while (true) {
                    out.write(chunk, 0, 4096);
                    out.flush();
                }
            }
        } catch (IOException e) {
            if (leftBytes > 0 || !e.getMessage().contains("No space left on device")) {
                throw e;
            }
        }
        return file;
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
