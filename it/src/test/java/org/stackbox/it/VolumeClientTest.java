package org.stackbox.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Block storage through the official clients: the article's cinder commands and the rules around them. */
@Timeout(900)
class VolumeClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private static StackboxProcess stackbox;
    private static Map<String, String> admin;
    private static Path home;
    private static String imageId;
    private static Path imageFile;

    @BeforeAll
    static void start() throws Exception {
        stackbox = StackboxProcess.start(work.resolve("data"));
        admin = stackbox.adminEnvironment();
        home = Files.createDirectories(work.resolve("home"));
        imageFile = ImageFiles.randomFile(work, "disk.raw", 4 * 1024 * 1024);
        imageId = createImage("tiny-disk", "--visibility", "public");
    }

    private static String createImage(String name, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("glance", "image-create", "--file", imageFile.toString(),
                "--disk-format", "raw", "--container-format", "bare", "--name", name));
        command.addAll(List.of(options));
        return field(run(admin, command.toArray(String[]::new)).requireSuccess(), "id");
    }

    @AfterAll
    static void stop() throws Exception {
        if (stackbox != null) {
            stackbox.close();
        }
    }

    private static Cli.Result run(Map<String, String> environment, String... command) throws Exception {
        return Cli.run(environment, home, command);
    }

    private static JsonNode volume(String id) throws Exception {
        return JSON.readTree(run(admin, "openstack", "volume", "show", "-f", "json", id).requireSuccess().stdout());
    }

    private static JsonNode awaitStatus(String id, String... wanted) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (true) {
            JsonNode volume = volume(id);
            if (List.of(wanted).contains(volume.path("status").asText())) {
                return volume;
            }
            assertThat(Instant.now()).as("volume %s still %s", id, volume.path("status").asText()).isBefore(deadline);
            Thread.sleep(500);
        }
    }

    private static String field(Cli.Result result, String name) {
        return result.stdout().lines().filter(line -> line.startsWith("| " + name + " ")).findFirst()
                .map(line -> line.split("\\|")[2].strip()).orElseThrow(() -> new AssertionError("no " + name + " in " + result.stdout()));
    }

    /**
     * The article's manual path: {@code stackbox volume export} writes a volume's content to a file that
     * {@code glance image-create --file} takes; what cannot be exported leaves no file.
     */
    @Test
    void anExportedVolumeBecomesAnImage() throws Exception {
        String id = field(run(admin, "cinder", "create", "--image-id", imageId, "--display_name=exported", "1")
                .requireSuccess(), "id");
        awaitStatus(id, "available");
        Path file = work.resolve("exported.qcow2");
        Cli.Result exported = run(admin, "java", "-jar", StackboxProcess.jar().toString(), "volume", "export",
                "--format", "qcow2", id, file.toString()).requireSuccess();
        assertThat(exported.stdout()).contains("qcow2");
        JsonNode info = JSON.readTree(run(admin, "qemu-img", "info", "--output", "json", file.toString())
                .requireSuccess().stdout());
        assertThat(info.path("format").asText()).isEqualTo("qcow2");
        assertThat(info.has("backing-filename")).as("self-contained").isFalse();
        assertThat(info.path("virtual-size").asLong()).isEqualTo(1L << 30);
        // The image's bytes, then zeros to the volume's size.
        run(admin, "qemu-img", "compare", "-f", "raw", "-F", "qcow2", imageFile.toString(), file.toString())
                .requireSuccess();
        assertThat(volume(id).path("status").asText()).isEqualTo("available");

        String image = field(run(admin, "glance", "image-create", "--file", file.toString(), "--disk-format", "qcow2",
                "--container-format", "bare", "--name", "from-volume").requireSuccess(), "id");
        Cli.Result shown = run(admin, "glance", "image-show", image).requireSuccess();
        assertThat(field(shown, "status")).isEqualTo("active");
        assertThat(field(shown, "checksum")).isEqualTo(ImageFiles.digest("MD5", file));

        Path refused = work.resolve("refused.vmdk");
        Cli.Result badFormat = run(admin, "java", "-jar", StackboxProcess.jar().toString(), "volume", "export",
                "--format", "vmdk", id, refused.toString());
        assertThat(badFormat.exitCode()).isNotZero();
        assertThat(badFormat.output()).contains("format 'vmdk' is not supported for export");
        Cli.Result unknown = run(admin, "java", "-jar", StackboxProcess.jar().toString(), "volume", "export",
                "0b0e4b3c-2d6f-4e8e-9a51-6c2f0d1e7a90", refused.toString());
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.output()).contains("could not be found");
        assertThat(refused).doesNotExist();
        try (var left = Files.list(work)) {
            assertThat(left.map(Path::toString)).noneMatch(name -> name.endsWith(".part"));
        }
        run(admin, "glance", "image-delete", image).requireSuccess();
        run(admin, "cinder", "delete", id).requireSuccess();
    }

    /**
     * Cinder's refusals of a volume's upload and Stackbox's of its export: an in-use volume without {@code force} is
     * 400, another project's volume is 404; neither leaves an image, a file or a changed volume behind.
     */
    @Test
    void refusedUploadsAndExportsLeaveNothingBehind() throws Exception {
        String id = field(run(admin, "cinder", "create", "--image-id", imageId, "--display_name=kept", "1")
                .requireSuccess(), "id");
        awaitStatus(id, "available");

        // In use (as an attached volume is) and no force: Cinder's 400; the volume stays in use, no image is made.
        run(admin, "cinder", "reset-state", "--state", "in-use", id).requireSuccess();
        Cli.Result inUse = run(admin, "cinder", "upload-to-image", "--disk-format", "qcow2", id, "refused-in-use");
        assertThat(inUse.exitCode()).isNotZero();
        assertThat(inUse.stderr()).contains("Volume " + id + " status must be available, but current status is: "
                + "in-use", "HTTP 400");
        assertThat(volume(id).path("status").asText()).isEqualTo("in-use");
        run(admin, "cinder", "reset-state", "--state", "available", id).requireSuccess();

        // Another project's volume does not exist for its members: 404, and no file.
        run(admin, "openstack", "project", "create", "export-other").requireSuccess();
        run(admin, "openstack", "user", "create", "--project", "export-other", "--password", "secret-mallory",
                "mallory").requireSuccess();
        run(admin, "openstack", "role", "add", "--project", "export-other", "--user", "mallory", "member")
                .requireSuccess();
        Map<String, String> mallory = new HashMap<>(admin);
        mallory.put("OS_USERNAME", "mallory");
        mallory.put("OS_PASSWORD", "secret-mallory");
        mallory.put("OS_PROJECT_NAME", "export-other");
        Path stolen = work.resolve("stolen.raw");
        Cli.Result hidden = run(mallory, "java", "-jar", StackboxProcess.jar().toString(), "volume", "export", id,
                stolen.toString());
        assertThat(hidden.exitCode()).isNotZero();
        assertThat(hidden.output()).contains("Volume " + id + " could not be found", "(HTTP 404)");
        assertThat(stolen).doesNotExist();
        Cli.Result uploadHidden = run(mallory, "cinder", "upload-to-image", id, "stolen");
        assertThat(uploadHidden.exitCode()).isNotZero();
        assertThat(uploadHidden.stderr()).contains("No volume with a name or ID of '" + id + "' exists.");

        assertThat(run(admin, "glance", "image-list").requireSuccess().stdout())
                .doesNotContain("refused-in-use", "stolen");
        assertThat(volume(id).path("status").asText()).isEqualTo("available");
        run(admin, "cinder", "delete", id).requireSuccess();
    }

    @Test
    void theArticlesBootableVolumeFromAnImage() throws Exception {
        Cli.Result created = run(admin, "cinder", "create", "--image-id", imageId, "--display_name=ubuntu_volume", "20").requireSuccess();
        String id = field(created, "id");
        JsonNode volume = awaitStatus(id, "available", "error");
        assertThat(volume.path("status").asText()).isEqualTo("available");
        assertThat(volume.path("bootable").asText()).isEqualTo("true");
        assertThat(volume.path("size").asInt()).isEqualTo(20);
        assertThat(volume.path("volume_image_metadata").path("image_id").asText()).isEqualTo(imageId);
        Cli.Result grep = run(admin, "bash", "-c", "cinder show " + id + " | grep bootable | awk '{print $4}'").requireSuccess();
        assertThat(grep.stdout().strip()).isEqualTo("true");

        // The operator's view: a copy-on-write child of the image, as `rbd info` shows a clone.
        Cli.Result info = run(admin, "java", "-jar", StackboxProcess.jar().toString(), "storage", "info",
                "--data-dir", stackbox.dataDir().toString(), id).requireSuccess();
        assertThat(info.stdout()).contains("volume '" + id + "':", "size 20 GiB", "format: qcow2", "parent: image " + imageId,
                "overlap: 4 MiB");

        Cli.Result list = run(admin, "cinder", "list").requireSuccess();
        assertThat(list.stdout()).contains(id).contains("ubuntu_volume").contains("available");

        // Its data is the image's: upload it back as an image and compare.
        Cli.Result upload = run(admin, "cinder", "upload-to-image", "--disk-format", "qcow2", id, "from-volume").requireSuccess();
        String uploaded = field(upload, "image_id");
        awaitStatus(id, "available");
        Path download = work.resolve("from-volume.qcow2");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (!run(admin, "glance", "image-show", uploaded).requireSuccess().stdout().contains("| status           | active")) {
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(500);
        }
        run(admin, "glance", "image-download", "--file", download.toString(), uploaded).requireSuccess();
        run(admin, "qemu-img", "compare", "-f", "raw", "-F", "qcow2", imageFile.toString(), download.toString()).requireSuccess();

        run(admin, "cinder", "delete", id).requireSuccess();
        awaitGone(id);
    }

    @Test
    void aDeletedImagesCopyGoesWithTheLastVolumeMadeFromIt() throws Exception {
        String image = createImage("short-lived");
        String volume = field(run(admin, "cinder", "create", "--image-id", image, "1").requireSuccess(), "id");
        awaitStatus(volume, "available");
        assertThat(preparedCopies(image)).as("the volume's base").hasSize(1);

        run(admin, "glance", "image-delete", image).requireSuccess();
        assertThat(preparedCopies(image)).as("the volume still reads its base").hasSize(1);
        run(admin, "cinder", "delete", volume).requireSuccess();
        awaitGone(volume);
        assertThat(preparedCopies(image)).as("nothing needs the deleted image's copy any more").isEmpty();
    }

    /** The copies the volume store prepared from an image (its base, in raw or qcow2). */
    private static List<Path> preparedCopies(String image) throws Exception {
        Path bases = stackbox.dataDir().resolve("volumes").resolve("images");
        if (!Files.isDirectory(bases)) {
            return List.of();
        }
        try (var files = Files.list(bases)) {
            return files.filter(file -> file.getFileName().toString().equals(image + ".raw")
                    || file.getFileName().toString().equals(image + ".qcow2")).toList();
        }
    }

    @Test
    void blankVolumesSnapshotsExtendAndBootableFlag() throws Exception {
        String id = field(run(admin, "cinder", "create", "--name", "blank_volume", "2").requireSuccess(), "id");
        JsonNode volume = awaitStatus(id, "available", "error");
        assertThat(volume.path("bootable").asText()).isEqualTo("false");

        run(admin, "cinder", "set-bootable", id, "true").requireSuccess();
        assertThat(volume(id).path("bootable").asText()).isEqualTo("true");

        run(admin, "cinder", "extend", id, "3").requireSuccess();
        assertThat(awaitStatus(id, "available").path("size").asInt()).isEqualTo(3);

        String snapshot = JSON.readTree(run(admin, "openstack", "volume", "snapshot", "create", "-f", "json", "--volume", id, "snap-1")
                .requireSuccess().stdout()).path("id").asText();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!run(admin, "openstack", "volume", "snapshot", "show", "-f", "value", "-c", "status", snapshot).requireSuccess().stdout().strip().equals("available")) {
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(300);
        }
        String restored = JSON.readTree(run(admin, "openstack", "volume", "create", "-f", "json", "--snapshot", snapshot, "restored")
                .requireSuccess().stdout()).path("id").asText();
        assertThat(awaitStatus(restored, "available").path("size").asInt()).isEqualTo(3);

        Cli.Result refused = run(admin, "cinder", "delete", id);
        assertThat(refused.output()).contains("dependent snapshots");
        run(admin, "openstack", "volume", "delete", "--purge", id).requireSuccess();
        awaitGone(id);
        run(admin, "openstack", "volume", "delete", restored).requireSuccess();
        awaitGone(restored);
    }

    @Test
    void theOpenstackClientEquivalents() throws Exception {
        String fromImage = JSON.readTree(run(admin, "openstack", "volume", "create", "-f", "json", "--image", "tiny-disk",
                "--size", "1", "osc-from-image").requireSuccess().stdout()).path("id").asText();
        assertThat(awaitStatus(fromImage, "available").path("bootable").asText()).isEqualTo("true");
        String clone = JSON.readTree(run(admin, "openstack", "volume", "create", "-f", "json", "--source", fromImage,
                "osc-clone").requireSuccess().stdout()).path("id").asText();
        assertThat(awaitStatus(clone, "available").path("size").asInt()).isEqualTo(1);
        run(admin, "openstack", "volume", "set", "--non-bootable", clone).requireSuccess();
        assertThat(volume(clone).path("bootable").asText()).isEqualTo("false");
        run(admin, "openstack", "volume", "set", "--bootable", clone).requireSuccess();
        assertThat(volume(clone).path("bootable").asText()).isEqualTo("true");

        JsonNode image = JSON.readTree(run(admin, "openstack", "image", "create", "-f", "json", "--volume", clone,
                "--disk-format", "qcow2", "osc-from-volume").requireSuccess().stdout());
        assertThat(image.path("id").asText()).isEqualTo(clone);
        assertThat(image.path("image_id").asText()).isNotEmpty();
        assertThat(image.path("status").asText()).isEqualTo("uploading");
        awaitStatus(clone, "available");
        for (String id : List.of(clone, fromImage)) {
            run(admin, "openstack", "volume", "delete", id).requireSuccess();
            awaitGone(id);
        }
    }

    @Test
    void badRequestsAreRefusedAndLeaveNothing() throws Exception {
        int before = volumeCount();
        Cli.Result missingImage = run(admin, "cinder", "create", "--image-id", "00000000-0000-0000-0000-000000000000", "1");
        assertThat(missingImage.exitCode()).isNotZero();
        assertThat(missingImage.output()).contains("Invalid image identifier or unable to access requested image. (HTTP 400)");

        Cli.Result overQuota = run(admin, "cinder", "create", "--name", "huge", "5000");
        assertThat(overQuota.exitCode()).isNotZero();
        assertThat(overQuota.output()).contains("VolumeSizeExceedsAvailableQuota").contains("HTTP 413");

        Cli.Result zone = run(admin, "cinder", "create", "--availability-zone", "mars", "1");
        assertThat(zone.exitCode()).isNotZero();
        assertThat(zone.output()).contains("Availability zone 'mars' is invalid");

        Cli.Result type = run(admin, "openstack", "volume", "create", "--size", "1", "--type", "gold", "typed");
        assertThat(type.exitCode()).isNotZero();

        Cli.Result zero = run(admin, "cinder", "create", "0");
        assertThat(zero.exitCode()).isNotZero();
        Cli.Result negative = run(admin, "cinder", "create", "--", "-1");
        assertThat(negative.exitCode()).isNotZero();

        Cli.Result smallerThanImage = run(admin, "openstack", "volume", "create", "--image", "tiny-disk", "--size", "0", "small");
        assertThat(smallerThanImage.exitCode()).isNotZero();
        run(admin, "glance", "image-update", "--min-disk", "30", imageId).requireSuccess();
        Cli.Result belowMinDisk = run(admin, "cinder", "create", "--image-id", imageId, "20");
        assertThat(belowMinDisk.output()).contains("HTTP 400").contains("cannot be smaller than the image size 30GB");
        run(admin, "glance", "image-update", "--min-disk", "0", imageId).requireSuccess();

        // An image without data stays queued (the clients would upload an empty stdin, so this goes over HTTP).
        String token = Http.token(stackbox.url() + "/identity", "admin", admin.get("OS_PASSWORD"), "admin");
        String queued = Http.send("POST", stackbox.url() + "/image/v2/images", token, null,
                "{\"name\": \"never-uploaded\", \"disk_format\": \"raw\", \"container_format\": \"bare\"}").json().path("id").asText();
        Cli.Result notActive = run(admin, "cinder", "create", "--image-id", queued, "1");
        assertThat(notActive.exitCode()).isNotZero();
        run(admin, "glance", "image-delete", queued).requireSuccess();
        Cli.Result deleted = run(admin, "cinder", "create", "--image-id", queued, "1");
        assertThat(deleted.output()).contains("Invalid image identifier or unable to access requested image. (HTTP 400)");
        assertThat(volumeCount()).isEqualTo(before);

        String id = field(run(admin, "cinder", "create", "--name", "shrinking", "2").requireSuccess(), "id");
        awaitStatus(id, "available");
        Cli.Result shrink = run(admin, "cinder", "extend", id, "1");
        assertThat(shrink.output()).contains("New size for extend must be greater than current size");
        assertThat(volume(id).path("size").asInt()).isEqualTo(2);
        run(admin, "cinder", "delete", id).requireSuccess();
        awaitGone(id);
    }

    /**
     * Read-only volumes: {@code cinder readonly-mode-update} and {@code openstack volume set --read-only/--read-write}
     * set the flag Cinder shows among the metadata; a read-only volume's attachment is {@code ro}, and asking
     * {@code rw} of it is refused; an attached volume's flag cannot change.
     */
    @Test
    void readOnlyVolumesThroughTheClients() throws Exception {
        String id = field(run(admin, "cinder", "create", "--name", "read-only", "1").requireSuccess(), "id");
        assertThat(awaitStatus(id, "available").path("properties").has("readonly")).isFalse();

        run(admin, "cinder", "readonly-mode-update", id, "true").requireSuccess();
        assertThat(volume(id).at("/properties/readonly").asText()).isEqualTo("True");
        run(admin, "openstack", "volume", "set", "--read-write", id).requireSuccess();
        assertThat(volume(id).at("/properties/readonly").asText()).isEqualTo("False");
        run(admin, "openstack", "volume", "set", "--read-only", id).requireSuccess();
        assertThat(volume(id).at("/properties/readonly").asText()).isEqualTo("True");
        Cli.Result word = run(admin, "cinder", "readonly-mode-update", id, "perhaps");
        assertThat(word.exitCode()).isNotZero();
        assertThat(volume(id).at("/properties/readonly").asText()).isEqualTo("True");

        String token = Http.token(stackbox.url() + "/identity", "admin", admin.get("OS_PASSWORD"), "admin");
        String project = volume(id).path("os-vol-tenant-attr:tenant_id").asText();
        Map<String, String> attachmentsVersion = Map.of("OpenStack-API-Version", "volume 3.54");
        String attachments = stackbox.url() + "/volume/v3/" + project + "/attachments";
        Http.Response writable = Http.send("POST", attachments, token, null, "{\"attachment\": {\"volume_uuid\": \""
                + id + "\", \"instance_uuid\": \"server-one\", \"mode\": \"rw\"}}", attachmentsVersion);
        assertThat(writable.status()).isEqualTo(400);
        assertThat(writable.json().at("/badRequest/message").asText()).isEqualTo("Invalid attaching mode 'rw' for volume %s.", id);
        assertThat(volume(id).path("status").asText()).isEqualTo("available");
        Http.Response reserved = Http.send("POST", attachments, token, null, "{\"attachment\": {\"volume_uuid\": \""
                + id + "\", \"instance_uuid\": \"server-one\"}}", attachmentsVersion);
        assertThat(reserved.status()).isEqualTo(200);
        assertThat(reserved.json().at("/attachment/attach_mode").asText()).isEqualTo("ro");
        Cli.Result whileReserved = run(admin, "cinder", "readonly-mode-update", id, "false");
        assertThat(whileReserved.output()).contains("Volume status must be available to update readonly flag");
        assertThat(volume(id).at("/properties/readonly").asText()).isEqualTo("True");

        String attachment = reserved.json().at("/attachment/id").asText();
        assertThat(Http.send("DELETE", attachments + "/" + attachment, token, null, null, attachmentsVersion).status()).isEqualTo(200);
        run(admin, "cinder", "delete", id).requireSuccess();
        awaitGone(id);
    }

    @Test
    void aVolumeInUseBacksOneServerAndCannotBeDeleted() throws Exception {
        String id = field(run(admin, "cinder", "create", "--name", "attached", "1").requireSuccess(), "id");
        awaitStatus(id, "available");
        String token = Http.token(stackbox.url() + "/identity", "admin", admin.get("OS_PASSWORD"), "admin");
        String project = volume(id).path("os-vol-tenant-attr:tenant_id").asText();
        Map<String, String> attachmentsVersion = Map.of("OpenStack-API-Version", "volume 3.27");
        String attachments = stackbox.url() + "/volume/v3/" + project + "/attachments";
        Http.Response reserved = Http.send("POST", attachments, token, null,
                "{\"attachment\": {\"volume_uuid\": \"" + id + "\", \"instance_uuid\": \"server-one\"}}", attachmentsVersion);
        assertThat(reserved.status()).isEqualTo(200);
        assertThat(reserved.header("OpenStack-API-Version")).isEqualTo("volume 3.27");
        String attachment = reserved.json().at("/attachment/id").asText();
        Http.Response connected = Http.send("PUT", attachments + "/" + attachment, token, null,
                "{\"attachment\": {\"connector\": {\"host\": \"stackbox\", \"mountpoint\": \"/dev/vdb\"}}}", attachmentsVersion);
        assertThat(connected.status()).isEqualTo(200);
        assertThat(volume(id).path("status").asText()).isEqualTo("in-use");

        Http.Response second = Http.send("POST", attachments, token, null,
                "{\"attachment\": {\"volume_uuid\": \"" + id + "\", \"instance_uuid\": \"server-two\"}}", attachmentsVersion);
        assertThat(second.status()).isEqualTo(400);
        assertThat(second.json().at("/badRequest/message").asText()).contains("in use by another server");

        Cli.Result delete = run(admin, "cinder", "delete", id);
        assertThat(delete.output()).contains("Volume status must be available or error");
        assertThat(volume(id).path("status").asText()).isEqualTo("in-use");
        Http.Response tooOld = Http.send("GET", attachments, token, null, null, Map.of("OpenStack-API-Version", "volume 3.0"));
        assertThat(tooOld.status()).isEqualTo(404);
        Http.Response tooNew = Http.send("GET", attachments, token, null, null, Map.of("OpenStack-API-Version", "volume 3.99"));
        assertThat(tooNew.status()).isEqualTo(406);

        assertThat(Http.send("DELETE", attachments + "/" + attachment, token, null, null, attachmentsVersion).status()).isEqualTo(200);
        assertThat(volume(id).path("status").asText()).isEqualTo("available");
        run(admin, "cinder", "delete", id).requireSuccess();
        awaitGone(id);
    }

    @Test
    void otherProjectsCannotSeeAVolume() throws Exception {
        String id = field(run(admin, "cinder", "create", "--name", "admins-only", "1").requireSuccess(), "id");
        awaitStatus(id, "available");
        run(admin, "openstack", "project", "create", "other").requireSuccess();
        run(admin, "openstack", "user", "create", "--password", "pw-other", "--project", "other", "outsider").requireSuccess();
        run(admin, "openstack", "role", "add", "--project", "other", "--user", "outsider", "member").requireSuccess();
        Map<String, String> outsider = new HashMap<>(admin);
        outsider.put("OS_USERNAME", "outsider");
        outsider.put("OS_PASSWORD", "pw-other");
        outsider.put("OS_PROJECT_NAME", "other");
        Cli.Result show = run(outsider, "cinder", "show", id);
        assertThat(show.exitCode()).isNotZero();
        assertThat(show.output()).contains("No volume with a name or ID of '" + id + "' exists.");
        Cli.Result bootable = run(outsider, "cinder", "set-bootable", id, "true");
        assertThat(bootable.exitCode()).isNotZero();
        assertThat(volume(id).path("bootable").asText()).isEqualTo("false");
        assertThat(run(outsider, "cinder", "list").requireSuccess().stdout()).doesNotContain(id);
        run(admin, "cinder", "delete", id).requireSuccess();
        awaitGone(id);
    }

    /**
     * {@code openstack volume transfer request create/list/show/accept/delete} across two projects: the key shown at
     * create moves the volume to the project that accepts it, a wrong key is refused, a deleted request gives the
     * volume back.
     */
    @Test
    void aTransferRequestMovesAVolumeToAnotherProject() throws Exception {
        run(admin, "openstack", "project", "create", "transfer-taker").requireSuccess();
        run(admin, "openstack", "user", "create", "--password", "pw-taker", "--project", "transfer-taker", "taker")
                .requireSuccess();
        run(admin, "openstack", "role", "add", "--project", "transfer-taker", "--user", "taker", "member").requireSuccess();
        String takerProject = run(admin, "openstack", "project", "show", "-f", "value", "-c", "id", "transfer-taker")
                .requireSuccess().stdout().strip();
        Map<String, String> taker = new HashMap<>(admin);
        taker.put("OS_USERNAME", "taker");
        taker.put("OS_PASSWORD", "pw-taker");
        taker.put("OS_PROJECT_NAME", "transfer-taker");

        String id = field(run(admin, "cinder", "create", "--name", "offered", "1").requireSuccess(), "id");
        awaitStatus(id, "available");
        JsonNode request = JSON.readTree(run(admin, "openstack", "volume", "transfer", "request", "create", "--name",
                "gift", "-f", "json", id).requireSuccess().stdout());
        String transfer = request.path("id").asText();
        String key = request.path("auth_key").asText();
        assertThat(key).matches("[0-9a-f]{16}");
        assertThat(volume(id).path("status").asText()).isEqualTo("awaiting-transfer");
        assertThat(run(admin, "openstack", "volume", "transfer", "request", "list").requireSuccess().stdout())
                .contains(transfer, "gift", id);
        JsonNode shown = JSON.readTree(run(admin, "openstack", "volume", "transfer", "request", "show", "-f", "json",
                transfer).requireSuccess().stdout());
        assertThat(shown.path("volume_id").asText()).isEqualTo(id);
        assertThat(shown.has("auth_key")).as("the key is shown once").isFalse();
        assertThat(run(taker, "openstack", "volume", "transfer", "request", "list").requireSuccess().stdout())
                .doesNotContain(transfer);

        Cli.Result wrongKey = run(taker, "openstack", "volume", "transfer", "request", "accept", "--auth-key",
                "0000000000000000", transfer);
        assertThat(wrongKey.exitCode()).isNotZero();
        assertThat(wrongKey.output()).contains("Invalid auth key", "HTTP 400");
        assertThat(volume(id).path("status").asText()).isEqualTo("awaiting-transfer");

        run(taker, "openstack", "volume", "transfer", "request", "accept", "--auth-key", key, transfer).requireSuccess();
        JsonNode taken = JSON.readTree(run(taker, "openstack", "volume", "show", "-f", "json", id).requireSuccess()
                .stdout());
        assertThat(taken.path("status").asText()).isEqualTo("available");
        assertThat(volume(id).path("os-vol-tenant-attr:tenant_id").asText()).isEqualTo(takerProject);
        assertThat(run(admin, "openstack", "volume", "transfer", "request", "list").requireSuccess().stdout())
                .doesNotContain(transfer);

        // From 3.55 the client calls /volume-transfers; a deleted request leaves the volume available to its owner.
        String kept = field(run(admin, "cinder", "create", "--name", "kept", "1").requireSuccess(), "id");
        awaitStatus(kept, "available");
        String withdrawn = JSON.readTree(run(admin, "openstack", "--os-volume-api-version", "3.55", "volume",
                "transfer", "request", "create", "--no-snapshots", "-f", "json", kept).requireSuccess().stdout())
                .path("id").asText();
        assertThat(volume(kept).path("status").asText()).isEqualTo("awaiting-transfer");
        run(admin, "openstack", "volume", "transfer", "request", "delete", withdrawn).requireSuccess();
        assertThat(volume(kept).path("status").asText()).isEqualTo("available");
        run(taker, "cinder", "delete", id).requireSuccess();
        run(admin, "cinder", "delete", kept).requireSuccess();
        awaitGone(id);
        awaitGone(kept);
    }

    private static int volumeCount() throws Exception {
        return JSON.readTree(run(admin, "openstack", "volume", "list", "-f", "json").requireSuccess().stdout()).size();
    }

    private static void awaitGone(String id) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (run(admin, "openstack", "volume", "show", id).exitCode() == 0) {
            assertThat(Instant.now()).as("volume %s still exists", id).isBefore(deadline);
            Thread.sleep(300);
        }
    }
}
