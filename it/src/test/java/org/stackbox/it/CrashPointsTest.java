package org.stackbox.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stackbox killed with {@code kill -9} in the middle of each long operation (an image upload, a volume made from an
 * image, a server boot, a volume attach, an upload-to-image, a server delete, a server snapshot), then started again:
 * every resource is finished, rolled back, or in error with a message; no child process outlives the killed
 * Stackbox; no partial file is left; no QEMU runs for a server that is gone; quota usage counts what exists.
 */
@Timeout(600)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashPointsTest {
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final int DATA_IMAGE_MIB = 96;
    private static final HttpClient STREAMING = HttpClient.newHttpClient();

    @TempDir
    static Path work;

    private static CloudUnderTest cloud;
    private static StrayFiles strayFiles;
    private static String markerImage;
    private static String dataImage;

    @BeforeAll
    static void start() throws Exception {
        cloud = CloudUnderTest.start(work);
        strayFiles = new StrayFiles(cloud.dataDir());
        markerImage = image("marker", "raw", Files.readAllBytes(GuestDisks.markerDisk(work, "marker.raw", "CRASH-POINTS")));
        dataImage = image("data", "qcow2", Files.readAllBytes(randomQcow2(work)));
    }

    /**
     * A qcow2 disk full of random data: a volume made from it needs a conversion of all of it (a raw image would be
     * linked at once), long enough to be caught under way.
     */
    private static Path randomQcow2(Path directory) throws Exception {
        byte[] data = new byte[DATA_IMAGE_MIB << 20];
        new Random(14).nextBytes(data);
        Path raw = Files.write(directory.resolve("data.raw"), data);
        Path qcow2 = directory.resolve("data.qcow2");
        Process convert = new ProcessBuilder("qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw.toString(),
                qcow2.toString()).redirectErrorStream(true).start();
        String output = new String(convert.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(convert.waitFor()).as(output).isZero();
        Files.delete(raw);
        return qcow2;
    }

    @AfterAll
    static void stop() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    /** Whatever a test left, quota usage counts exactly what exists, and only servers that exist have a QEMU. */
    @AfterEach
    void usageCountsWhatExists() throws Exception {
        JsonNode servers = cloud.api("GET", "/compute/v2.1/servers/detail", null).json().path("servers");
        Set<String> serverIds = new HashSet<>();
        servers.forEach(server -> serverIds.add(server.path("id").asText()));
        assertThat(serverIds).containsAll(strayFiles.serversWithQemu());
        JsonNode computeUsage = cloud.api("GET", "/compute/v2.1/limits", null).json().at("/limits/absolute");
        assertThat(computeUsage.path("totalInstancesUsed").asInt()).as(servers.toString()).isEqualTo(servers.size());
        assertThat(computeUsage.path("totalCoresUsed").asInt()).isEqualTo(servers.size());
        assertThat(computeUsage.path("totalRAMUsed").asInt()).isEqualTo(64 * servers.size());
        JsonNode volumes = cloud.api("GET", "/volume/v3/" + cloud.projectId() + "/volumes/detail", null).json()
                .path("volumes");
        JsonNode volumeUsage = cloud.api("GET", "/volume/v3/" + cloud.projectId() + "/limits", null).json()
                .at("/limits/absolute");
        int gigabytes = 0;
        for (JsonNode volume : volumes) {
            gigabytes += volume.path("size").asInt();
        }
        assertThat(volumeUsage.path("totalVolumesUsed").asInt()).as(volumes.toString()).isEqualTo(volumes.size());
        assertThat(volumeUsage.path("totalGigabytesUsed").asInt()).isEqualTo(gigabytes);
    }

    @Test
    @Order(1)
    void imageUpload() throws Exception {
        String id = createImage("upload", "raw");
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<HttpResponse<String>> upload = STREAMING.sendAsync(HttpRequest.newBuilder(
                        URI.create(cloud.url() + "/image/v2/images/" + id + "/file"))
                .header("X-Auth-Token", cloud.token()).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new StalledData(4 << 20, release)))
                .build(), HttpResponse.BodyHandlers.ofString());

        crashWhen(() -> imageStatus(id).equals("saving") && strayFiles.partialImages() > 0);
        release.countDown();
        upload.handle((response, failure) -> null).join();

        assertThat(imageStatus(id)).isEqualTo("queued");
        assertThat(strayFiles.partialImages()).isZero();
        upload(id, "finished after the restart".getBytes(StandardCharsets.US_ASCII));
        assertThat(imageStatus(id)).isEqualTo("active");
        cloud.api("DELETE", "/image/v2/images/" + id, null);
    }

    @Test
    @Order(2)
    void volumeFromImage() throws Exception {
        String id = createVolume("{\"size\": 1, \"imageRef\": \"" + dataImage + "\"}");

        crashWhen(strayFiles::writeUnderWay);

        JsonNode volume = settledVolume(id);
        System.out.println("crash point volume from image: the volume is " + volume.path("status").asText());
        assertThat(volume.path("status").asText()).as(volume.toString()).isIn("available", "error");
        if (volume.path("status").asText().equals("error")) {
            assertThat(volume.path("error_message").asText()).as(volume.toString()).isNotBlank();
        }
        deleteVolume(id);
        String again = createVolume("{\"size\": 1, \"imageRef\": \"" + dataImage + "\"}");
        cloud.awaitVolume(again, "available");
        deleteVolume(again);
    }

    @Test
    @Order(3)
    void serverBoot() throws Exception {
        String id = boot("booting");

        crashWhen(() -> strayFiles.serverDirectories().contains(id) || !serverStatus(id).equals("BUILD"));

        JsonNode server = settledServer(id);
        System.out.println("crash point server boot: the server is " + server.path("status").asText());
        assertThat(server.path("status").asText()).as(server.toString()).isIn("ACTIVE", "ERROR");
        if (server.path("status").asText().equals("ERROR")) {
            assertThat(server.at("/fault/message").asText()).as(server.toString()).isNotBlank();
            assertThat(strayFiles.qemuOf(id)).isEmpty();
        } else {
            assertThat(strayFiles.qemuOf(id)).isPresent();
        }
        deleteServer(id);
    }

    @Test
    @Order(4)
    void volumeAttach() throws Exception {
        String server = boot("attaching");
        cloud.awaitStatus(server, "ACTIVE", SETTLE);
        String volume = createVolume("{\"size\": 1}");
        cloud.awaitVolume(volume, "available");
        CompletableFuture<HttpResponse<String>> attach = STREAMING.sendAsync(HttpRequest.newBuilder(
                        URI.create(cloud.url() + "/compute/v2.1/servers/" + server + "/os-volume_attachments"))
                .header("X-Auth-Token", cloud.token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"volumeAttachment\": {\"volumeId\": \"" + volume + "\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        crashWhen(() -> attach.isDone() || !volumeStatus(volume).equals("available"));
        attach.handle((response, failure) -> null).join();

        JsonNode settled = settledVolume(volume);
        System.out.println("crash point volume attach: the volume is " + settled.path("status").asText());
        JsonNode attachments = cloud.api("GET", "/compute/v2.1/servers/" + server + "/os-volume_attachments", null)
                .json().path("volumeAttachments");
        assertThat(settled.path("status").asText()).as(settled.toString()).isIn("in-use", "available");
        assertThat(attachments.size()).as(attachments.toString())
                .isEqualTo(settled.path("status").asText().equals("in-use") ? 1 : 0);
        assertThat(settled.path("attachments").size()).isEqualTo(attachments.size());
        cloud.awaitStatus(server, "ACTIVE", SETTLE);
        deleteServer(server);
        cloud.awaitVolume(volume, "available");
        deleteVolume(volume);
    }

    @Test
    @Order(5)
    void uploadToImage() throws Exception {
        String volume = createVolume("{\"size\": 1, \"imageRef\": \"" + dataImage + "\"}");
        cloud.awaitVolume(volume, "available");
        Http.Response upload = cloud.api("POST", "/volume/v3/" + cloud.projectId() + "/volumes/" + volume + "/action",
                "{\"os-volume_upload_image\": {\"image_name\": \"uploaded\", \"disk_format\": \"qcow2\","
                        + " \"container_format\": \"bare\"}}");
        assertThat(upload.status()).as(upload.body()).isEqualTo(202);
        String image = upload.json().at("/os-volume_upload_image/image_id").asText();

        crashWhen(strayFiles::writeUnderWay);

        assertThat(settledVolume(volume).path("status").asText()).isEqualTo("available");
        Http.Response uploaded = cloud.api("GET", "/image/v2/images/" + image, null);
        assertThat(uploaded.status() == 404 || uploaded.json().path("status").asText().equals("active"))
                .as("the image of an upload-to-image given up is gone, or it was finished: %s", uploaded.body())
                .isTrue();
        if (uploaded.status() == 200) {
            cloud.api("DELETE", "/image/v2/images/" + image, null);
        }
        deleteVolume(volume);
    }

    @Test
    @Order(6)
    void serverDelete() throws Exception {
        String id = boot("deleted");
        cloud.awaitStatus(id, "ACTIVE", SETTLE);
        long qemu = strayFiles.qemuOf(id).orElseThrow().pid();
        assertThat(strayFiles.serversWithQemu()).contains(id);
        assertThat(cloud.api("DELETE", "/compute/v2.1/servers/" + id, null).status()).isEqualTo(204);

        crashWhen(() -> true);

        cloud.awaitGone(id);
        assertThat(ProcessHandle.of(qemu).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(strayFiles.serversWithQemu()).doesNotContain(id);
        assertThat(strayFiles.serverDirectories()).doesNotContain(id);
    }

    @Test
    @Order(7)
    void serverSnapshot() throws Exception {
        String server = boot("snapshotted", dataImage);
        cloud.awaitStatus(server, "ACTIVE", SETTLE);
        long qemu = strayFiles.qemuOf(server).orElseThrow().pid();
        Http.Response snapshot = cloud.api("POST", "/compute/v2.1/servers/" + server + "/action",
                "{\"createImage\": {\"name\": \"interrupted\"}}");
        assertThat(snapshot.status()).as(snapshot.body()).isEqualTo(202);
        String image = snapshot.header("Location").replaceAll(".*/", "");

        crashWhen(() -> imageStatus(image).equals("saving"));

        Http.Response interrupted = cloud.api("GET", "/image/v2/images/" + image, null);
        assertThat(interrupted.status()).as("the image of a snapshot a restart interrupted: %s", interrupted.body())
                .isEqualTo(404);
        JsonNode settled = settledServer(server);
        assertThat(settled.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(settled.path("OS-EXT-STS:task_state").isNull()).isTrue();
        assertThat(ProcessHandle.of(qemu).map(ProcessHandle::isAlive).orElse(false)).isTrue();
        try (var left = Files.list(cloud.dataDir().resolve("snapshots-scratch"))) {
            assertThat(left.toList()).as("snapshot copies after the restart").isEmpty();
        }

        // The guest kept running and can be snapshotted again.
        Http.Response again = cloud.api("POST", "/compute/v2.1/servers/" + server + "/action",
                "{\"createImage\": {\"name\": \"after-restart\"}}");
        assertThat(again.status()).as(again.body()).isEqualTo(202);
        String second = again.header("Location").replaceAll(".*/", "");
        Instant deadline = Instant.now().plus(SETTLE);
        while (!imageStatus(second).equals("active")) {
            assertThat(Instant.now()).as("snapshot %s still %s", second, imageStatus(second)).isBefore(deadline);
            Thread.sleep(300);
        }
        cloud.awaitStatus(server, "ACTIVE", SETTLE);
        cloud.api("DELETE", "/image/v2/images/" + second, null);
        deleteServer(server);
    }

    // ---- the crash -----------------------------------------------------------------------------------------------

    /**
     * Kills Stackbox as soon as {@code underWay} holds, checks that nothing it started for the operation runs on,
     * starts it again, and checks that no partial file is left and no QEMU runs for a server that is gone.
     */
    private static void crashWhen(Callable<Boolean> underWay) throws Exception {
        Instant deadline = Instant.now().plus(SETTLE);
        while (!underWay.call()) {
            assertThat(Instant.now()).as("the operation did not get under way").isBefore(deadline);
            Thread.sleep(5);
        }
        cloud.kill();
        assertThat(strayFiles.conversions()).as("qemu-img left running by the killed Stackbox").isEmpty();
        cloud.restart();
        assertThat(strayFiles.partialFiles()).as("partial files after the restart").isEmpty();
        assertThat(strayFiles.scratchExports()).as("upload-to-image exports after the restart").isZero();
    }

    // ---- the API -------------------------------------------------------------------------------------------------

    private static String image(String name, String diskFormat, byte[] data) throws Exception {
        String id = createImage(name, diskFormat);
        upload(id, data);
        return id;
    }

    private static void upload(String id, byte[] data) throws Exception {
        HttpResponse<String> response = STREAMING.send(HttpRequest.newBuilder(
                        URI.create(cloud.url() + "/image/v2/images/" + id + "/file"))
                .header("X-Auth-Token", cloud.token()).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    private static String createImage(String name, String diskFormat) throws Exception {
        Http.Response created = cloud.api("POST", "/image/v2/images", "{\"name\": \"" + name
                + "\", \"disk_format\": \"" + diskFormat + "\", \"container_format\": \"bare\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    private static String imageStatus(String id) throws Exception {
        return cloud.api("GET", "/image/v2/images/" + id, null).json().path("status").asText();
    }

    private static String createVolume(String fields) throws Exception {
        Http.Response created = cloud.api("POST", "/volume/v3/" + cloud.projectId() + "/volumes",
                "{\"volume\": " + fields + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        return created.json().at("/volume/id").asText();
    }

    private static String volumeStatus(String id) throws Exception {
        return cloud.api("GET", "/volume/v3/" + cloud.projectId() + "/volumes/" + id, null).json()
                .at("/volume/status").asText();
    }

    /** The volume once no operation is under way on it any more. */
    private static JsonNode settledVolume(String id) throws Exception {
        Set<String> busy = Set.of("creating", "attaching", "reserved", "detaching", "uploading", "downloading",
                "deleting", "extending");
        Instant deadline = Instant.now().plus(SETTLE);
        while (true) {
            JsonNode volume = cloud.api("GET", "/volume/v3/" + cloud.projectId() + "/volumes/" + id, null).json()
                    .path("volume");
            if (!busy.contains(volume.path("status").asText())) {
                return volume;
            }
            assertThat(Instant.now()).as("volume %s still busy: %s", id, volume).isBefore(deadline);
            Thread.sleep(300);
        }
    }

    private static void deleteVolume(String id) throws Exception {
        Http.Response deleted = cloud.api("DELETE", "/volume/v3/" + cloud.projectId() + "/volumes/" + id, null);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(202);
        Instant deadline = Instant.now().plus(SETTLE);
        while (cloud.api("GET", "/volume/v3/" + cloud.projectId() + "/volumes/" + id, null).status() != 404) {
            assertThat(Instant.now()).as("volume %s still there", id).isBefore(deadline);
            Thread.sleep(300);
        }
    }

    private static String boot(String name) throws Exception {
        return boot(name, markerImage);
    }

    private static String boot(String name, String image) throws Exception {
        Http.Response created = Http.send("POST", cloud.url() + "/compute/v2.1/servers", cloud.token(), null,
                "{\"server\": {\"name\": \"" + name + "\", \"imageRef\": \"" + image
                        + "\", \"flavorRef\": \"10\", \"networks\": \"none\"}}",
                Map.of("OpenStack-API-Version", "compute 2.37"));
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        return created.json().at("/server/id").asText();
    }

    private static String serverStatus(String id) throws Exception {
        return cloud.serverFromApi(id).path("status").asText();
    }

    /** The server once its status has no task under way (BUILD is under way too). */
    private static JsonNode settledServer(String id) throws Exception {
        Instant deadline = Instant.now().plus(SETTLE);
        while (true) {
            JsonNode server = cloud.serverFromApi(id);
            if (!server.path("status").asText().equals("BUILD") && server.path("OS-EXT-STS:task_state").isNull()) {
                return server;
            }
            assertThat(Instant.now()).as("server %s still busy: %s", id, server).isBefore(deadline);
            Thread.sleep(300);
        }
    }

    private static void deleteServer(String id) throws Exception {
        assertThat(cloud.api("DELETE", "/compute/v2.1/servers/" + id, null).status()).isEqualTo(204);
        cloud.awaitGone(id);
        assertThat(strayFiles.qemuOf(id)).isEmpty();
    }

    /** {@code length} bytes of data, then nothing until {@code release}: an upload that stays under way. */
    private static final class StalledData extends InputStream {
        private final CountDownLatch release;
        private long left;

        StalledData(long length, CountDownLatch release) {
            this.left = length;
            this.release = release;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left == 0) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("the upload was given up");
            }
            int count = (int) Math.min(left, length);
            Arrays.fill(buffer, offset, offset + count, (byte) 'x');
            left -= count;
            return count;
        }
    }
}
