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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compute through the official clients against real QEMU (TCG here): the article's three boots verbatim, the
 * operator's block device list, the guest's marker on its serial console, detach rules, power actions, restart of
 * Stackbox with servers running, and the bad inputs Nova refuses.
 */
@Timeout(600)
class ComputeClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARKER = "STACKBOX-COMPUTE-MARKER";
    private static final String FLAVOR = "stackbox.nano";

    @TempDir
    static Path work;

    private static CloudUnderTest cloud;
    private static Map<String, String> admin;
    private static String imageId;

    @BeforeAll
    static void start() throws Exception {
        cloud = CloudUnderTest.start(work);
        admin = cloud.admin();
        Path disk = GuestDisks.markerDisk(work, "marker.raw", MARKER);
        // The marker guest ignores the ACPI power button: a short clean-shutdown timeout keeps stops quick.
        imageId = field(run(admin, "glance", "image-create", "--file", disk.toString(), "--disk-format", "raw",
                "--container-format", "bare", "--visibility", "public", "--property", "os_shutdown_timeout=1",
                "--name", "marker-disk").requireSuccess(), "id");
    }

    @AfterAll
    static void stop() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void bootFromImageThenStopStartRebootAndDelete() throws Exception {
        String id = field(run(admin, "nova", "boot", "--flavor", FLAVOR, "--image", imageId, "from-image")
                .requireSuccess(), "id");
        awaitStatus(id, "ACTIVE");
        assertThat(blklist(id)).isEqualTo(table("vda", id + "_disk", "hdd", id + "_disk.config"));
        awaitMarker(id);
        JsonNode shown = server(id);
        assertThat(shown.path("OS-EXT-SRV-ATTR:host").asText()).isEqualTo("stackbox");
        assertThat(shown.path("OS-EXT-STS:vm_state").asText()).isEqualTo("active");

        run(admin, "openstack", "server", "stop", id).requireSuccess();
        awaitStatus(id, "SHUTOFF");
        assertThat(server(id).path("OS-EXT-STS:vm_state").asText()).isEqualTo("stopped");
        Cli.Result stopAgain = run(admin, "openstack", "server", "stop", id);
        assertThat(stopAgain.exitCode()).isNotZero();
        assertThat(stopAgain.output()).contains("Cannot 'stop' instance " + id + " while it is in vm_state stopped");
        run(admin, "openstack", "server", "start", id).requireSuccess();
        awaitStatus(id, "ACTIVE");
        awaitMarker(id);
        run(admin, "openstack", "server", "reboot", "--hard", id).requireSuccess();
        awaitStatus(id, "ACTIVE");
        awaitMarker(id);
        JsonNode rebuilt = JSON.readTree(run(admin, "openstack", "server", "rebuild", "--image", imageId, "--name",
                "rebuilt", "-f", "json", id).requireSuccess().stdout());
        assertThat(rebuilt.path("name").asText()).isEqualTo("rebuilt");
        awaitStatus(id, "ACTIVE");
        awaitMarker(id);
        run(admin, "openstack", "server", "pause", id).requireSuccess();
        assertThat(awaitStatus(id, "PAUSED").path("OS-EXT-STS:power_state").asInt()).isEqualTo(3);
        run(admin, "openstack", "server", "unpause", id).requireSuccess();
        awaitStatus(id, "ACTIVE");
        run(admin, "openstack", "server", "resize", "--flavor", "stackbox.micro", id).requireSuccess();
        JsonNode resized = awaitStatus(id, "VERIFY_RESIZE");
        assertThat(resized.path("OS-EXT-STS:vm_state").asText()).isEqualTo("resized");
        run(admin, "openstack", "server", "resize", "revert", id).requireSuccess();
        assertThat(awaitStatus(id, "ACTIVE").path("flavor").path("id").asText()).isEqualTo("10");
        run(admin, "openstack", "server", "resize", "--flavor", "stackbox.micro", id).requireSuccess();
        awaitStatus(id, "VERIFY_RESIZE");
        run(admin, "openstack", "server", "resize", "confirm", id).requireSuccess();
        assertThat(awaitStatus(id, "ACTIVE").path("flavor").path("id").asText()).isEqualTo("11");
        awaitMarker(id);
        JsonNode migrations = JSON.readTree(run(admin, "openstack", "server", "migration", "list", "--server", id,
                "-f", "json").requireSuccess().stdout());
        assertThat(migrations).extracting(row -> row.path("Status").asText())
                .containsExactlyInAnyOrder("reverted", "confirmed");
        String actions = run(admin, "openstack", "server", "event", "list", id).requireSuccess().stdout();
        assertThat(actions).contains("create", "stop", "start", "reboot", "rebuild", "pause", "unpause", "resize",
                "confirmResize", "revertResize");

        run(admin, "nova", "delete", id).requireSuccess();
        cloud.awaitGone(id);
    }

    @Test
    void bootFromABootableVolumeKeepsThePreservedVolume() throws Exception {
        String volume = field(run(admin, "cinder", "create", "--image-id", imageId, "--display_name=bootable_volume",
                "1").requireSuccess(), "id");
        cloud.awaitVolume(volume, "available");
        String id = field(run(admin, "nova", "boot", "--flavor", FLAVOR, "--block-device",
                "source=volume,id=" + volume + ",dest=volume,size=10,shutdown=preserve,bootindex=0", "from-volume")
                .requireSuccess(), "id");
        awaitStatus(id, "ACTIVE");
        assertThat(run(admin, "nova", "show", id).requireSuccess().stdout())
                .containsPattern("\\| image +\\| Attempt to boot from volume - no image supplied");
        assertThat(blklist(id)).isEqualTo(table("hdd", id + "_disk.config", "vda", "volume-" + volume));
        awaitMarker(id);
        assertThat(cloud.awaitVolume(volume, "in-use").path("status").asText()).isEqualTo("in-use");

        Cli.Result detach = run(admin, "nova", "volume-detach", id, volume);
        assertThat(detach.exitCode()).isNotZero();
        assertThat(detach.stderr()).contains("ERROR (Forbidden): Can't detach root device volume (HTTP 403)");

        run(admin, "nova", "delete", id).requireSuccess();
        cloud.awaitGone(id);
        assertThat(cloud.awaitVolume(volume, "available").path("bootable").asText()).isEqualTo("true");
        run(admin, "cinder", "delete", volume).requireSuccess();
    }

    @Test
    void bootFromAnImageWithABlankVolumeThenDetachIt() throws Exception {
        String volume = field(run(admin, "cinder", "create", "--name", "blank_volume", "1").requireSuccess(), "id");
        cloud.awaitVolume(volume, "available");
        String id = field(run(admin, "nova", "boot", "--flavor", FLAVOR, "--image", imageId, "--block-device",
                "source=volume,id=" + volume + ",dest=volume,shutdown=preserve", "--nic",
                "net-id=" + cloud.defaultNetworkId(), "image-and-volume").requireSuccess(), "id");
        awaitStatus(id, "ACTIVE");
        assertThat(blklist(id)).isEqualTo(table("vda", id + "_disk", "hdd", id + "_disk.config",
                "vdb", "volume-" + volume));
        awaitMarker(id);
        assertThat(run(admin, "nova", "volume-attachments", id).requireSuccess().stdout()).contains(volume, "/dev/vdb");

        // A guest without an operating system never releases a PCI disk, so detach while it is off; the
        // hypervisor test covers hot-unplug from a running guest on a bus that needs no guest help.
        run(admin, "openstack", "server", "stop", id).requireSuccess();
        awaitStatus(id, "SHUTOFF");
        run(admin, "nova", "volume-detach", id, volume).requireSuccess();
        assertThat(cloud.awaitVolume(volume, "available").path("status").asText()).isEqualTo("available");
        assertThat(blklist(id)).isEqualTo(table("vda", id + "_disk", "hdd", id + "_disk.config"));

        // Attach it again to the running server (hot-plug), then delete the server: the volume survives.
        run(admin, "openstack", "server", "start", id).requireSuccess();
        awaitStatus(id, "ACTIVE");
        run(admin, "nova", "volume-attach", id, volume).requireSuccess();
        cloud.awaitVolume(volume, "in-use");
        assertThat(blklist(id)).contains("volume-" + volume);
        run(admin, "nova", "delete", id).requireSuccess();
        cloud.awaitGone(id);
        cloud.awaitVolume(volume, "available");
        run(admin, "cinder", "delete", volume).requireSuccess();
    }

    @Test
    void badInputsAreRefusedWithNovasStatusAndMessage() throws Exception {
        assertRefused(body("\"imageRef\": \"" + imageId + "\", \"flavorRef\": \"nope\""), 400,
                "Invalid flavorRef provided.");
        assertRefused(body("\"imageRef\": \"0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9\", \"flavorRef\": \"10\""),
                400, "could not be found");
        // An image without data stays queued (the glance client would upload its empty standard input).
        String queued = api("POST", "/image/v2/images",
                "{\"name\": \"no-data\", \"disk_format\": \"raw\", \"container_format\": \"bare\"}")
                .json().path("id").asText();
        assertRefused(body("\"imageRef\": \"" + queued + "\", \"flavorRef\": \"10\""), 400, queued);
        assertRefused(body("\"flavorRef\": \"10\", \"block_device_mapping_v2\": [{\"source_type\": \"volume\", "
                + "\"destination_type\": \"volume\", \"uuid\": \"0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9\", "
                + "\"boot_index\": 0}]"), 400, "failed to get volume 0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9");

        Path big = work.resolve("big.qcow2");
        run(admin, "qemu-img", "create", "-q", "-f", "qcow2", big.toString(), "3G").requireSuccess();
        String bigImage = field(run(admin, "glance", "image-create", "--file", big.toString(), "--disk-format",
                "qcow2", "--container-format", "bare", "--name", "three-gib").requireSuccess(), "id");
        assertRefused(body("\"imageRef\": \"" + bigImage + "\", \"flavorRef\": \"10\""), 400,
                "Flavor's disk is too small for requested image.");
        Cli.Result tooSmall = run(admin, "nova", "boot", "--flavor", FLAVOR, "--image", bigImage, "too-small");
        assertThat(tooSmall.exitCode()).isNotZero();
        assertThat(tooSmall.stderr()).contains("Flavor's disk is too small for requested image.", "HTTP 400");

        String blank = field(run(admin, "cinder", "create", "--name", "not-bootable", "1").requireSuccess(), "id");
        cloud.awaitVolume(blank, "available");
        assertRefused(body("\"flavorRef\": \"10\", \"block_device_mapping_v2\": [{\"source_type\": \"volume\", "
                + "\"destination_type\": \"volume\", \"uuid\": \"" + blank + "\", \"boot_index\": 0}]"), 400,
                "Block Device " + blank + " is not bootable.");
        String second = api("POST", "/volume/v3/" + cloud.projectId() + "/volumes", "{\"volume\": {\"size\": 1}}")
                .json().path("volume").path("id").asText();
        cloud.awaitVolume(second, "available");
        assertRefused(body("\"imageRef\": \"" + imageId + "\", \"flavorRef\": \"10\", \"block_device_mapping_v2\": ["
                + "{\"source_type\": \"image\", \"destination_type\": \"local\", \"uuid\": \"" + imageId + "\", \"boot_index\": 0},"
                + "{\"source_type\": \"volume\", \"destination_type\": \"volume\", \"uuid\": \"" + blank + "\", \"boot_index\": 1},"
                + "{\"source_type\": \"volume\", \"destination_type\": \"volume\", \"uuid\": \"" + second + "\", \"boot_index\": 1}]"),
                400, "boot_index 1 is given to more than one device");
        assertThat(cloud.awaitVolume(blank, "available").path("status").asText()).isEqualTo("available");

        // A volume backs one server at a time.
        String first = field(run(admin, "nova", "boot", "--flavor", FLAVOR, "--image", imageId, "--block-device",
                "source=volume,id=" + blank + ",dest=volume,shutdown=preserve", "holder").requireSuccess(), "id");
        awaitStatus(first, "ACTIVE");
        Cli.Result inUse = run(admin, "nova", "boot", "--flavor", FLAVOR, "--image", imageId, "--block-device",
                "source=volume,id=" + blank + ",dest=volume,shutdown=preserve", "second-holder");
        assertThat(inUse.exitCode()).isNotZero();
        assertThat(inUse.stderr()).contains("in-use", "HTTP 400");

        // Another project's server does not exist for its members.
        run(admin, "openstack", "project", "create", "other").requireSuccess();
        run(admin, "openstack", "user", "create", "--project", "other", "--password", "secret-bob", "bob").requireSuccess();
        run(admin, "openstack", "role", "add", "--project", "other", "--user", "bob", "member").requireSuccess();
        String bob = Http.token(cloud.url() + "/identity", "bob", "secret-bob", "other");
        Http.Response hidden = Http.send("GET", cloud.url() + "/compute/v2.1/servers/" + first, bob, null, null);
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.body()).contains("Instance " + first + " could not be found.");

        // More memory than the project's quota allows: Nova's 403, nothing made.
        run(admin, "openstack", "flavor", "create", "--ram", "100000000", "--vcpus", "1", "--disk", "1", "huge")
                .requireSuccess();
        Cli.Result overQuota = run(admin, "nova", "boot", "--flavor", "huge", "--image", imageId, "--nic", "none",
                "too-big");
        assertThat(overQuota.exitCode()).isNotZero();
        assertThat(overQuota.stderr()).contains("Quota exceeded for ram: Requested 100000000, but already used");
        assertThat(run(admin, "openstack", "server", "list", "--name", "too-big", "-f", "value").requireSuccess()
                .stdout()).isBlank();

        // Within an unlimited quota, more memory than the host has: the scheduler finds no host; the server is
        // ERROR and holds nothing.
        run(admin, "nova", "quota-update", "--ram", "-1", cloud.projectId()).requireSuccess();
        String huge = field(run(admin, "nova", "boot", "--flavor", "huge", "--image", imageId, "--nic", "none",
                "too-big").requireSuccess(), "id");
        JsonNode failed = awaitStatus(huge, "ERROR");
        assertThat(failed.path("fault").toString()).contains("No valid host was found");
        Http.Response blocks = api("GET", "/compute/v2.1/servers/" + huge + "/block-devices", null);
        assertThat(blocks.json().path("block_devices")).isEmpty();

        run(admin, "nova", "delete", first, huge).requireSuccess();
        cloud.awaitGone(first);
        cloud.awaitGone(huge);
        cloud.awaitVolume(blank, "available");
        run(admin, "cinder", "delete", blank).requireSuccess();
    }

    private static void assertRefused(String body, int status, String message) throws Exception {
        Http.Response response = api("POST", "/compute/v2.1/servers", body);
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).contains(message);
    }

    private static String body(String fields) {
        return "{\"server\": {\"name\": \"refused\", \"networks\": \"none\", " + fields + "}}";
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    static Cli.Result run(Map<String, String> environment, String... command) throws Exception {
        return cloud.run(environment, command);
    }

    static String field(Cli.Result result, String name) {
        return result.stdout().lines().filter(line -> line.startsWith("| " + name + " ")).findFirst()
                .map(line -> line.split("\\|")[2].strip())
                .orElseThrow(() -> new AssertionError("no " + name + " in " + result.stdout() + result.stderr()));
    }

    static JsonNode server(String id) throws Exception {
        return JSON.readTree(run(admin, "openstack", "server", "show", "-f", "json", id).requireSuccess().stdout());
    }

    static Http.Response api(String method, String path, String body) throws Exception {
        return cloud.api(method, path, body);
    }

    static JsonNode awaitStatus(String id, String wanted) throws Exception {
        return cloud.awaitStatus(id, wanted, Duration.ofSeconds(60));
    }

    static void awaitMarker(String id) throws Exception {
        cloud.awaitConsole(id, output -> output.contains(MARKER), Duration.ofSeconds(60));
    }

    static String blklist(String id) throws Exception {
        return run(admin, "java", "-jar", StackboxProcess.jar().toString(), "virt", "blklist", "--data-dir",
                cloud.dataDir().toString(), id).requireSuccess().stdout();
    }

    /** What {@code virsh domblklist} prints for these target and source pairs. */
    static String table(String... targetsAndSources) {
        StringBuilder table = new StringBuilder(" Target   Source\n------------------------------------------------\n");
        for (int index = 0; index < targetsAndSources.length; index += 2) {
            table.append(String.format(" %-8s %s%n", targetsAndSources[index], targetsAndSources[index + 1]));
        }
        return table.append("\n").toString();
    }
}
