package org.stackbox.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server snapshots (createImage) through the official clients against real QEMU: a running Linux guest writes a
 * marker onto its root disk (its own, or a volume it boots from), is snapshotted while it runs on, and a new server
 * booted from the snapshot image finds the marker; and the snapshots Nova refuses, which leave no image behind.
 */
@Timeout(900)
class ServerSnapshotClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration GUEST_TIMEOUT = Duration.ofSeconds(240);
    /**
     * A guest that reports the marker it finds in the last sector of its root disk, writes a new one there (synced
     * to the disk), then counts seconds on its console while it runs.
     */
    private static final String GUEST = LinuxGuests.init("""
            sectors=$(cat /sys/block/vda/size)
            found=$(dd if=/dev/vda bs=512 skip=$((sectors - 1)) count=1 2>/dev/null | tr -d '\\000' | head -n 1)
            echo "MARKER-FOUND:${found:-none}"
            marker="SNAPSHOT-MARKER-$(cat /proc/sys/kernel/random/uuid)"
            echo "$marker" > /tmp/marker
            dd if=/tmp/marker of=/dev/vda bs=512 seek=$((sectors - 1)) conv=notrunc,fsync 2>/dev/null
            sync
            echo "MARKER-WRITTEN:$marker"
            tick=0
            while true; do tick=$((tick + 1)); echo "TICK-$tick"; sleep 1; done
            """);
    private static final Pattern WRITTEN = Pattern.compile("MARKER-WRITTEN:(SNAPSHOT-MARKER-[0-9a-f-]+)");
    private static final Pattern TICK = Pattern.compile("TICK-(\\d+)");

    @TempDir
    static Path work;

    private static CloudUnderTest cloud;
    private static Map<String, String> admin;
    private static String imageId;

    @BeforeAll
    static void start() throws Exception {
        Path disk = LinuxGuests.bootableDisk(GUEST);
        Path qcow2 = work.resolve("linux-disk.qcow2");
        Process convert = new ProcessBuilder("qemu-img", "convert", "-f", "raw", "-O", "qcow2", disk.toString(),
                qcow2.toString()).redirectErrorStream(true).start();
        assertThat(convert.waitFor()).as(new String(convert.getInputStream().readAllBytes())).isZero();
        cloud = CloudUnderTest.start(work);
        admin = cloud.admin();
        imageId = JSON.readTree(run(admin, "openstack", "image", "create", "--disk-format", "qcow2",
                "--container-format", "bare", "--property", "os_shutdown_timeout=1", "--property",
                "hw_disk_bus=virtio", "--file", qcow2.toString(), "tiny-linux-disk", "-f", "json")
                .requireSuccess().stdout()).path("id").asText();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void aSnapshotOfARunningServerHoldsWhatItWroteAndBootsANewServer() throws Exception {
        String first = boot("writer", imageId);
        String written = awaitConsole(first, WRITTEN);
        assertThat(cloud.consoleOutput(first)).contains("MARKER-FOUND:none");
        int ticksBefore = lastTick(first);

        JsonNode snapshot = JSON.readTree(run(admin, "openstack", "server", "image", "create", "--name",
                "writer-snapshot", "--wait", "-f", "json", first).requireSuccess().stdout());
        String snapshotId = snapshot.path("id").asText();
        JsonNode image = JSON.readTree(run(admin, "openstack", "image", "show", "-f", "json", snapshotId)
                .requireSuccess().stdout());
        assertThat(image.path("status").asText()).isEqualTo("active");
        assertThat(image.path("disk_format").asText()).isEqualTo("qcow2");
        assertThat(image.path("min_disk").asInt()).as("the flavor's disk").isEqualTo(2);
        JsonNode properties = image.path("properties");
        assertThat(properties.path("image_type").asText()).isEqualTo("snapshot");
        assertThat(properties.path("instance_uuid").asText()).isEqualTo(first);
        assertThat(properties.path("base_image_ref").asText()).isEqualTo(imageId);
        assertThat(properties.path("hw_disk_bus").asText()).isEqualTo("virtio");
        assertThat(properties.path("os_shutdown_timeout").asText()).isEqualTo("1");

        // The first server ran on throughout: the same status, no task, and its guest still counting.
        JsonNode after = cloud.awaitStatus(first, "ACTIVE", Duration.ofSeconds(30));
        assertThat(after.path("OS-EXT-STS:task_state").isNull()).isTrue();
        cloud.awaitConsole(first, output -> lastTick(output) > ticksBefore + 1, Duration.ofSeconds(60));
        assertThat(run(admin, "openstack", "server", "event", "list", first).requireSuccess().stdout())
                .contains("createImage");

        String second = boot("from-snapshot", snapshotId);
        awaitConsole(second, WRITTEN);
        assertThat(cloud.consoleOutput(second)).contains("MARKER-FOUND:" + written);

        // From microversion 2.45 the answer names the image in its body; before, in a Location header.
        Http.Response withBody = Http.send("POST", cloud.url() + "/compute/v2.1/servers/" + second + "/action",
                cloud.token(), null, "{\"createImage\": {\"name\": \"by-body\", \"metadata\": {\"purpose\": \"test\"}}}",
                Map.of("X-OpenStack-Nova-API-Version", "2.45"));
        assertThat(withBody.status()).as(withBody.body()).isEqualTo(202);
        String byBody = withBody.json().path("image_id").asText();
        assertThat(byBody).isNotBlank();

        // A second snapshot while the first is under way is Nova's 409, and makes no image.
        Http.Response concurrent = cloud.api("POST", "/compute/v2.1/servers/" + second + "/action",
                "{\"createImage\": {\"name\": \"concurrent\"}}");
        assertThat(concurrent.status()).as(concurrent.body()).isEqualTo(409);
        assertThat(concurrent.body()).contains("Cannot 'createImage' instance " + second
                + " while it is in task_state image_");
        awaitImage(byBody, "active");
        assertThat(JSON.readTree(run(admin, "openstack", "image", "show", "-f", "json", byBody).requireSuccess()
                .stdout()).path("properties").path("purpose").asText()).isEqualTo("test");
        assertThat(imageNames()).contains("by-body").doesNotContain("concurrent");
        cloud.awaitStatus(second, "ACTIVE", Duration.ofSeconds(60));

        Http.Response withLocation = cloud.api("POST", "/compute/v2.1/servers/" + second + "/action",
                "{\"createImage\": {\"name\": \"by-location\"}}");
        assertThat(withLocation.status()).as(withLocation.body()).isEqualTo(202);
        assertThat(withLocation.header("Location")).matches(".*/image/images/[0-9a-f-]{36}");
        String byLocation = withLocation.header("Location").replaceAll(".*/", "");
        awaitImage(byLocation, "active");
        cloud.awaitStatus(second, "ACTIVE", Duration.ofSeconds(60));
    }

    @Test
    void aSnapshotOfAServerBootedFromAVolumeBootsNewVolumesFromVolumeSnapshots() throws Exception {
        String first = ComputeClientTest.field(run(admin, "nova", "boot", "--flavor", "stackbox.micro", "--block-device",
                "source=image,id=" + imageId + ",dest=volume,size=2,bootindex=0,shutdown=remove", "--nic", "none",
                "volume-writer").requireSuccess(), "id");
        cloud.awaitStatus(first, "ACTIVE", Duration.ofSeconds(120));
        String written = awaitConsole(first, WRITTEN);
        int ticksBefore = lastTick(first);

        // Snapshotted while its guest runs: each volume is copied live, and the guest goes on counting.
        String snapshotId = JSON.readTree(run(admin, "openstack", "server", "image", "create", "--name",
                "volume-writer-snapshot", "--wait", "-f", "json", first).requireSuccess().stdout()).path("id").asText();
        JsonNode after = cloud.awaitStatus(first, "ACTIVE", Duration.ofSeconds(30));
        assertThat(after.path("OS-EXT-STS:task_state").isNull()).isTrue();
        cloud.awaitConsole(first, output -> lastTick(output) > ticksBefore + 1, Duration.ofSeconds(60));
        JsonNode image = JSON.readTree(run(admin, "openstack", "image", "show", "-f", "json", snapshotId)
                .requireSuccess().stdout());
        assertThat(image.path("status").asText()).isEqualTo("active");
        assertThat(image.path("size").asLong()).isZero();
        JsonNode properties = image.path("properties");
        assertThat(properties.path("bdm_v2").asText()).isEqualTo("True");
        assertThat(properties.path("root_device_name").asText()).isEqualTo("/dev/vda");
        assertThat(properties.path("image_type").asText()).isEqualTo("snapshot");
        JsonNode mappings = JSON.readTree(properties.path("block_device_mapping").asText());
        assertThat(mappings).hasSize(1);
        JsonNode mapping = mappings.get(0);
        assertThat(mapping.path("source_type").asText()).isEqualTo("snapshot");
        assertThat(mapping.path("destination_type").asText()).isEqualTo("volume");
        assertThat(mapping.path("boot_index").asInt()).isZero();
        assertThat(mapping.path("volume_size").asInt()).isEqualTo(2);
        String volumeSnapshot = mapping.path("snapshot_id").asText();
        assertThat(run(admin, "openstack", "volume", "snapshot", "show", "-f", "value", "-c", "status",
                volumeSnapshot).requireSuccess().stdout().strip()).isEqualTo("available");

        // A server booted from the image gets a new volume from the snapshot, holding the marker.
        String fromImage = boot("from-volume-snapshot-image", snapshotId);
        awaitConsole(fromImage, WRITTEN);
        assertThat(cloud.consoleOutput(fromImage)).contains("MARKER-FOUND:" + written);
        JsonNode attached = JSON.readTree(run(admin, "openstack", "server", "show", "-f", "json", fromImage)
                .requireSuccess().stdout()).path("volumes_attached");
        assertThat(attached).hasSize(1);

        // So does a server booted from the volume snapshot itself, and a volume made from it (cinder create).
        String fromSnapshot = ComputeClientTest.field(run(admin, "nova", "boot", "--flavor", "stackbox.micro",
                "--block-device", "source=snapshot,id=" + volumeSnapshot + ",dest=volume,bootindex=0,shutdown=remove",
                "--nic", "none", "from-snapshot-mapping").requireSuccess(), "id");
        cloud.awaitStatus(fromSnapshot, "ACTIVE", Duration.ofSeconds(120));
        awaitConsole(fromSnapshot, WRITTEN);
        assertThat(cloud.consoleOutput(fromSnapshot)).contains("MARKER-FOUND:" + written);
        String restored = ComputeClientTest.field(run(admin, "cinder", "create", "--snapshot-id", volumeSnapshot,
                "--name", "restored-from-snapshot", "2").requireSuccess(), "id");
        assertThat(cloud.awaitVolume(restored, "available").path("size").asInt()).isEqualTo(2);

        // A stopped server's volumes are snapshotted by the block store.
        run(admin, "openstack", "server", "stop", first).requireSuccess();
        cloud.awaitStatus(first, "SHUTOFF", Duration.ofSeconds(60));
        String stoppedSnapshot = JSON.readTree(run(admin, "openstack", "server", "image", "create", "--name",
                "volume-writer-stopped", "--wait", "-f", "json", first).requireSuccess().stdout()).path("id").asText();
        JsonNode stoppedMapping = JSON.readTree(JSON.readTree(run(admin, "openstack", "image", "show", "-f", "json",
                stoppedSnapshot).requireSuccess().stdout()).path("properties").path("block_device_mapping").asText())
                .get(0);
        assertThat(run(admin, "openstack", "volume", "snapshot", "show", "-f", "value", "-c", "status",
                stoppedMapping.path("snapshot_id").asText()).requireSuccess().stdout().strip()).isEqualTo("available");

        // An unknown snapshot is Nova's InvalidBDMSnapshot.
        Cli.Result unknown = run(admin, "nova", "boot", "--flavor", "stackbox.micro", "--block-device",
                "source=snapshot,id=00000000-0000-0000-0000-000000000000,dest=volume,bootindex=0", "--nic", "none",
                "from-nothing");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.stderr()).contains("Block Device Mapping is Invalid: failed to get snapshot "
                + "00000000-0000-0000-0000-000000000000.", "HTTP 400");
    }

    @Test
    void refusedSnapshotsLeaveNoImage() throws Exception {
        String server = boot("refused", imageId);

        // Another project's server does not exist for its members.
        run(admin, "openstack", "project", "create", "snapshot-other").requireSuccess();
        run(admin, "openstack", "user", "create", "--project", "snapshot-other", "--password", "secret-eve", "eve")
                .requireSuccess();
        run(admin, "openstack", "role", "add", "--project", "snapshot-other", "--user", "eve", "member")
                .requireSuccess();
        String eve = Http.token(cloud.url() + "/identity", "eve", "secret-eve", "snapshot-other");
        Http.Response hidden = Http.send("POST", cloud.url() + "/compute/v2.1/servers/" + server + "/action", eve,
                null, "{\"createImage\": {\"name\": \"stolen\"}}");
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.body()).contains("Instance " + server + " could not be found.");

        // A name is required and must be a name.
        Http.Response nameless = cloud.api("POST", "/compute/v2.1/servers/" + server + "/action",
                "{\"createImage\": {}}");
        assertThat(nameless.status()).isEqualTo(400);
        assertThat(nameless.body()).contains("'name' is a required property");

        // A server in ERROR is not snapshotted: Nova's 409 names its vm state.
        run(admin, "nova", "reset-state", server).requireSuccess();
        Cli.Result inError = run(admin, "openstack", "server", "image", "create", "--name", "from-error", server);
        assertThat(inError.exitCode()).isNotZero();
        assertThat(inError.stderr()).contains("Cannot 'createImage' instance " + server
                + " while it is in vm_state error", "409");
        assertThat(imageNames()).doesNotContain("stolen", "from-error");
    }

    /**
     * A server being deleted is Nova's 409, and the snapshot the delete interrupted is given up; a project over its
     * image quota gets Nova's 403 (its OverQuota, where the image service answers 413). Neither leaves an image.
     */
    @Test
    void aServerBeingDeletedOrOverItsImageQuotaIsNotSnapshotted() throws Exception {
        String server = boot("over-quota", imageId);

        // Over the project's image count: Nova's 403, no image, and the server as it was.
        Http.Response limited = cloud.api("PUT", "/image/v2/quotas/" + cloud.projectId(),
                "{\"quota\": {\"image_count_total\": 0, \"image_size_total_bytes\": null}}");
        assertThat(limited.status()).as(limited.body()).isEqualTo(200);
        try {
            Cli.Result overQuota = run(admin, "openstack", "server", "image", "create", "--name", "over-quota-image",
                    server);
            assertThat(overQuota.exitCode()).isNotZero();
            assertThat(overQuota.stderr()).contains("403: Client Error", "Quota exceeded");
        } finally {
            Http.Response unlimited = cloud.api("PUT", "/image/v2/quotas/" + cloud.projectId(),
                    "{\"quota\": {\"image_count_total\": null, \"image_size_total_bytes\": null}}");
            assertThat(unlimited.status()).as(unlimited.body()).isEqualTo(200);
        }
        JsonNode after = cloud.awaitStatus(server, "ACTIVE", Duration.ofSeconds(30));
        assertThat(after.path("OS-EXT-STS:task_state").isNull()).isTrue();

        // A snapshot, then the delete at once: the server is being deleted, and a snapshot now is Nova's 409. The
        // three requests go out back to back, so that the delete is still under way when the last one arrives.
        Map<String, String> latest = Map.of("X-OpenStack-Nova-API-Version", "2.45");
        Http.Response first = Http.send("POST", cloud.url() + "/compute/v2.1/servers/" + server + "/action",
                cloud.token(), null, "{\"createImage\": {\"name\": \"interrupted-by-delete\"}}", latest);
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        String interrupted = first.json().path("image_id").asText();
        Http.Response deleted = cloud.api("DELETE", "/compute/v2.1/servers/" + server, null);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        Http.Response whileDeleting = Http.send("POST", cloud.url() + "/compute/v2.1/servers/" + server + "/action",
                cloud.token(), null, "{\"createImage\": {\"name\": \"while-deleting\"}}", latest);
        assertThat(whileDeleting.status()).as(whileDeleting.body()).isEqualTo(409);
        assertThat(whileDeleting.body()).contains("Cannot 'createImage' instance " + server
                + " while it is in task_state deleting");
        cloud.awaitGone(server);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (run(admin, "openstack", "image", "show", interrupted).exitCode() == 0) {
            assertThat(System.nanoTime()).as("image %s is still there", interrupted).isLessThan(deadline);
            Thread.sleep(500);
        }
        assertThat(imageNames()).doesNotContain("over-quota-image", "interrupted-by-delete", "while-deleting");
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static String boot(String name, String image) throws Exception {
        String id = ComputeClientTest.field(run(admin, "nova", "boot", "--flavor", "stackbox.micro", "--image", image,
                "--nic", "none", name).requireSuccess(), "id");
        cloud.awaitStatus(id, "ACTIVE", Duration.ofSeconds(120));
        return id;
    }

    private static String awaitConsole(String server, Pattern pattern) throws Exception {
        String output = cloud.awaitConsole(server, log -> pattern.matcher(log).find(), GUEST_TIMEOUT);
        Matcher matcher = pattern.matcher(output);
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    private static int lastTick(String serverOrOutput) {
        String output = serverOrOutput;
        if (!serverOrOutput.contains("\n") && serverOrOutput.matches("[0-9a-f-]{36}")) {
            try {
                output = cloud.consoleOutput(serverOrOutput);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        Matcher matcher = TICK.matcher(output);
        int last = 0;
        while (matcher.find()) {
            last = Integer.parseInt(matcher.group(1));
        }
        return last;
    }

    private static void awaitImage(String id, String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            String shown = JSON.readTree(run(admin, "openstack", "image", "show", "-f", "json", id).requireSuccess()
                    .stdout()).path("status").asText();
            if (shown.equals(status)) {
                return;
            }
            assertThat(System.nanoTime()).as("image %s still %s", id, shown).isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    private static String imageNames() throws Exception {
        return run(admin, "openstack", "image", "list", "-f", "value", "-c", "Name").requireSuccess().stdout();
    }

    private static Cli.Result run(Map<String, String> environment, String... command) throws Exception {
        return cloud.run(environment, command);
    }
}
