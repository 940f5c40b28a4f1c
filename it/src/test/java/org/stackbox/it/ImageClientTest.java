package org.stackbox.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image service through the official clients ({@code glance}, {@code openstack}) against a running
 * {@code stackbox serve}: the article's ISO upload, the image lifecycle, sharing, glance-direct import, and bad input
 * that must be refused without leaving anything behind.
 */
@Timeout(900)
class ImageClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private static StackboxProcess stackbox;
    private static Map<String, String> admin;
    private static Map<String, String> demo;
    private static Map<String, String> other;
    private static Path home;
    private static Path files;

    @BeforeAll
    static void start() throws Exception {
        stackbox = StackboxProcess.start(work.resolve("data"));
        admin = stackbox.adminEnvironment();
        home = Files.createDirectories(work.resolve("home"));
        files = Files.createDirectories(work.resolve("files"));
        demo = projectUser("demo", "demo-user", "demo-secret");
        other = projectUser("other", "other-user", "other-secret");
    }

    @AfterAll
    static void stop() throws Exception {
        if (stackbox != null) {
            stackbox.close();
        }
    }

    @Test
    void theArticlesCommandUploadsABootableIsoThatDownloadsIdentically() throws Exception {
        Path iso = ImageFiles.bootableIso(files, "UBUNTU_TEST");
        // glanceclient draws its progress bar only on a terminal: run the article's command verbatim on one.
        String command = "glance image-create --file " + iso + " --disk-format iso --container-format bare"
                + " --visibility public --progress --name ubuntu-16.04.1-server-amd64";
        Cli.Result created = Cli.run(admin, home, "script", "-qec", command, "/dev/null").requireSuccess();
        assertThat(created.stdout()).containsPattern("\\[=+>\\] 100%");
        assertThat(created.stdout()).containsPattern("\\| status +\\| active +\\|");
        assertThat(created.stdout()).containsPattern("\\| disk_format +\\| iso +\\|");
        assertThat(created.stdout()).containsPattern("\\| visibility +\\| public +\\|");

        JsonNode shown = json(openstack(admin, "image", "show", "ubuntu-16.04.1-server-amd64", "-f", "json"));
        String id = shown.get("id").asText();
        assertThat(shown.get("status").asText()).isEqualTo("active");
        assertThat(shown.get("size").asLong()).isEqualTo(Files.size(iso));
        assertThat(shown.get("checksum").asText()).isEqualTo(ImageFiles.digest("MD5", iso));
        JsonNode properties = shown.get("properties");
        assertThat(properties.get("os_hash_algo").asText()).isEqualTo("sha512");
        assertThat(properties.get("os_hash_value").asText()).isEqualTo(ImageFiles.digest("SHA-512", iso));
        assertThat(properties.get("iso_volume_label").asText()).isEqualTo("UBUNTU_TEST");
        assertThat(properties.get("iso_bootable").asText()).isEqualTo("true");

        Path saved = files.resolve("saved.iso");
        openstack(demo, "image", "save", "--file", saved.toString(), id).requireSuccess();
        assertThat(Files.mismatch(saved, iso)).isEqualTo(-1);
        Path downloaded = files.resolve("downloaded.iso");
        glance(admin, "image-download", "--file", downloaded.toString(), id).requireSuccess();
        assertThat(ImageFiles.digest("SHA-512", downloaded)).isEqualTo(ImageFiles.digest("SHA-512", iso));

        String token = token("admin", admin.get("OS_PASSWORD"), "admin");
        Http.Response range = get("/image/v2/images/" + id + "/file", token, Map.of("Range", "bytes=32768-32773"));
        assertThat(range.status()).isEqualTo(206);
        assertThat(range.header("Content-Range")).isEqualTo("bytes 32768-32773/" + Files.size(iso));
        assertThat(range.body()).isEqualTo("\u0001CD001");
        Http.Response whole = get("/image/v2/images/" + id + "/file", token, Map.of());
        assertThat(whole.header("Content-MD5")).isEqualTo(ImageFiles.digest("MD5", iso));
        assertThat(whole.header("Content-Length")).isEqualTo(Long.toString(Files.size(iso)));
        assertThat(ImageFiles.filesUnder(imagesDirectory())).contains(imagesDirectory().resolve(id));
    }

    @Test
    void openstackManagesAnImageFromCreateToDelete() throws Exception {
        Path qcow2 = ImageFiles.qcow2(files, "lifecycle", null);
        JsonNode created = json(openstack(demo, "image", "create", "--file", qcow2.toString(), "--disk-format", "qcow2",
                "--container-format", "bare", "--min-disk", "1", "--property", "os_distro=cirros", "--tag", "small",
                "lifecycle", "-f", "json"));
        String id = created.get("id").asText();
        JsonNode shown = json(openstack(demo, "image", "show", id, "-f", "json"));
        assertThat(shown.get("status").asText()).isEqualTo("active");
        assertThat(shown.get("virtual_size").asLong()).isEqualTo(64L * 1024 * 1024);
        assertThat(shown.get("min_disk").asInt()).isEqualTo(1);
        assertThat(shown.get("tags").toString()).contains("small");
        assertThat(shown.get("properties").get("os_distro").asText()).isEqualTo("cirros");

        assertThat(openstack(demo, "image", "list", "-f", "value", "-c", "Name").requireSuccess().stdout()).contains("lifecycle");
        openstack(demo, "image", "set", "--property", "hw_disk_bus=virtio", "--tag", "tested", "--min-ram", "256",
                "--name", "lifecycle-renamed", id).requireSuccess();
        openstack(demo, "image", "unset", "--property", "os_distro", "--tag", "small", id).requireSuccess();
        JsonNode updated = json(openstack(demo, "image", "show", id, "-f", "json"));
        assertThat(updated.get("name").asText()).isEqualTo("lifecycle-renamed");
        assertThat(updated.get("min_ram").asInt()).isEqualTo(256);
        assertThat(updated.get("properties").get("hw_disk_bus").asText()).isEqualTo("virtio");
        assertThat(updated.get("properties").has("os_distro")).isFalse();
        assertThat(updated.get("tags").toString()).contains("tested").doesNotContain("small");

        Path saved = files.resolve("lifecycle-saved.qcow2");
        openstack(demo, "image", "save", "--file", saved.toString(), id).requireSuccess();
        assertThat(ImageFiles.digest("MD5", saved)).isEqualTo(ImageFiles.digest("MD5", qcow2));

        openstack(demo, "image", "set", "--protected", id).requireSuccess();
        Cli.Result refused = openstack(demo, "image", "delete", id);
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.output()).contains("protected");
        openstack(demo, "image", "set", "--unprotected", id).requireSuccess();
        openstack(demo, "image", "delete", id).requireSuccess();
        assertThat(openstack(demo, "image", "list", "-f", "value", "-c", "ID").requireSuccess().stdout()).doesNotContain(id);
        assertThat(ImageFiles.filesUnder(imagesDirectory())).doesNotContain(imagesDirectory().resolve(id));
    }

    @Test
    void anOwnerSharesAnImageThatTheMemberAccepts() throws Exception {
        Path data = ImageFiles.randomFile(files, "shared.raw", 1024 * 1024);
        String id = json(openstack(demo, "image", "create", "--file", data.toString(), "--disk-format", "raw",
                "--container-format", "bare", "--shared", "shared-image", "-f", "json")).get("id").asText();
        assertThat(openstack(other, "image", "list", "-f", "value", "-c", "ID").requireSuccess().stdout()).doesNotContain(id);

        String otherProject = projectId("other");
        // A member cannot look projects up by name in Keystone, so it names the project by id, as in OpenStack.
        openstack(demo, "image", "add", "project", id, otherProject).requireSuccess();
        assertThat(openstack(demo, "image", "member", "list", id, "-f", "value").requireSuccess().stdout())
                .contains(otherProject).contains("pending");
        openstack(other, "image", "set", "--accept", id).requireSuccess();
        assertThat(openstack(other, "image", "list", "-f", "value", "-c", "ID").requireSuccess().stdout()).contains(id);
        assertThat(openstack(demo, "image", "member", "list", id, "-f", "value").requireSuccess().stdout()).contains("accepted");

        Path saved = files.resolve("shared-saved.raw");
        openstack(other, "image", "save", "--file", saved.toString(), id).requireSuccess();
        assertThat(Files.mismatch(saved, data)).isEqualTo(-1);

        // The member may read but not change it.
        Cli.Result rename = openstack(other, "image", "set", "--name", "mine-now", id);
        assertThat(rename.exitCode()).isNotZero();
        assertThat(rename.output()).contains("403");
    }

    @Test
    void glanceCreatesAnImageThroughGlanceDirectImport() throws Exception {
        Path data = ImageFiles.randomFile(files, "imported.raw", 2 * 1024 * 1024 + 3);
        // glanceclient takes a non-terminal stdin for image data too, and then refuses --file: give it a terminal.
        Cli.Result imported = Cli.run(demo, home, "script", "-qec", "glance image-create-via-import --file " + data
                + " --disk-format raw --container-format bare --name imported", "/dev/null").requireSuccess();
        String id = field(imported.stdout(), "id");
        JsonNode shown = json(openstack(demo, "image", "show", id, "-f", "json"));
        assertThat(shown.get("status").asText()).isEqualTo("active");
        assertThat(shown.get("checksum").asText()).isEqualTo(ImageFiles.digest("MD5", data));
        // The table wraps long values: compare without its borders and line breaks.
        assertThat(glance(demo, "import-info").requireSuccess().stdout().replaceAll("[\\s|]", "")).contains("[\"glance-direct\"]");
    }

    @Test
    void dataThatIsNotWhatItsDiskFormatSaysIsRefusedAndRemoved() throws Exception {
        Path base = ImageFiles.qcow2(files, "base", null);
        Path overlay = ImageFiles.qcow2(files, "overlay", base.toString());
        Path notAnIso = ImageFiles.randomFile(files, "not-an-iso.iso", 200_000);
        refused("qcow2", overlay, "backing-file", "backing");
        refused("raw", base, "raw-is-qcow2", "qcow2");
        refused("iso", notAnIso, "iso-is-not", "iso");
        assertThat(incomingFiles()).isEmpty();
    }

    @Test
    void anUnknownDiskFormatIsABadRequest() throws Exception {
        Cli.Result cli = openstack(demo, "image", "create", "--disk-format", "floppy", "floppy-image");
        assertThat(cli.exitCode()).isNotZero();
        String token = token("demo-user", "demo-secret", "demo");
        Http.Response response = Http.send("POST", stackbox.url() + "/image/v2/images", token, null,
                "{\"name\": \"floppy-image\", \"disk_format\": \"floppy\", \"container_format\": \"bare\"}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().at("/badRequest/message").asText()).contains("floppy");
        assertThat(openstack(demo, "image", "list", "-f", "value", "-c", "Name").requireSuccess().stdout()).doesNotContain("floppy-image");
    }

    @Test
    void aTruncatedUploadLeavesAQueuedImageAndNoData() throws Exception {
        String token = token("demo-user", "demo-secret", "demo");
        String id = createQueued(token, "truncated", "raw");
        try (Socket socket = new Socket("127.0.0.1", stackbox.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /image/v2/images/" + id + "/file HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Auth-Token: " + token
                    + "\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = ImageFiles.randomBytes(1 << 20, 3);
            for (int index = 0; index < 8; index++) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            // The client dies here: the connection closes without the last chunk.
        }
        JsonNode image = awaitStatus(token, id, "queued");
        assertThat(image.get("size").isNull()).isTrue();
        assertThat(image.get("checksum").isNull()).isTrue();
        assertThat(ImageFiles.filesUnder(imagesDirectory())).doesNotContain(imagesDirectory().resolve(id));
        assertThat(incomingFiles()).isEmpty();

        // The client may simply upload again.
        Path data = ImageFiles.randomFile(files, "retry.raw", 100_000);
        glance(demo, "image-upload", "--file", data.toString(), id).requireSuccess();
        assertThat(json(openstack(demo, "image", "show", id, "-f", "json")).get("status").asText()).isEqualTo("active");
    }

    @Test
    void anUploadOverTheProjectQuotaIsRefusedAndKeepsNothing() throws Exception {
        Map<String, String> quotaUser = projectUser("quota", "quota-user", "quota-secret");
        String adminToken = token("admin", admin.get("OS_PASSWORD"), "admin");
        String project = projectId("quota");
        Http.Response set = Http.send("PUT", stackbox.url() + "/image/v2/quotas/" + project, adminToken, null,
                "{\"quota\": {\"image_count_total\": 2, \"image_size_total_bytes\": 1048576}}");
        assertThat(set.status()).isEqualTo(200);
        String userToken = token("quota-user", "quota-secret", "quota");
        assertThat(Http.send("PUT", stackbox.url() + "/image/v2/quotas/" + project, userToken, null,
                "{\"quota\": {\"image_count_total\": null}}").status()).isEqualTo(403);

        Path big = ImageFiles.randomFile(files, "big.raw", 2 * 1024 * 1024);
        Cli.Result upload = glance(quotaUser, "image-create", "--file", big.toString(), "--disk-format", "raw",
                "--container-format", "bare", "--name", "too-big");
        assertThat(upload.exitCode()).isNotZero();
        assertThat(upload.output()).contains("exceeds the image storage quota");
        JsonNode images = json(openstack(quotaUser, "image", "list", "--long", "--name", "too-big", "-f", "json"));
        assertThat(images).hasSize(1);
        assertThat(images.get(0).get("Status").asText()).isEqualTo("queued");
        assertThat(ImageFiles.filesUnder(imagesDirectory())).doesNotContain(imagesDirectory().resolve(images.get(0).get("ID").asText()));
        assertThat(incomingFiles()).isEmpty();

        openstack(quotaUser, "image", "create", "second").requireSuccess();
        Cli.Result third = openstack(quotaUser, "image", "create", "third");
        assertThat(third.exitCode()).isNotZero();
        assertThat(third.output()).contains("413");
    }

    @Test
    void onlyAdministratorsPublishAndPrivateImagesStayPrivate() throws Exception {
        Cli.Result publish = openstack(demo, "image", "create", "--public", "public-by-member");
        assertThat(publish.exitCode()).isNotZero();
        assertThat(publish.output()).contains("403").contains("publicize_image");
        assertThat(openstack(admin, "image", "list", "-f", "value", "-c", "Name").requireSuccess().stdout()).doesNotContain("public-by-member");

        String id = json(openstack(demo, "image", "create", "--private", "demo-private", "-f", "json")).get("id").asText();
        Cli.Result publishLater = openstack(demo, "image", "set", "--public", id);
        assertThat(publishLater.exitCode()).isNotZero();
        assertThat(publishLater.output()).contains("403");

        String otherToken = token("other-user", "other-secret", "other");
        Http.Response hidden = Http.send("GET", stackbox.url() + "/image/v2/images/" + id, otherToken, null, null);
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.json().at("/itemNotFound/message").asText()).isEqualTo("No image found with ID " + id);
        assertThat(Http.send("GET", stackbox.url() + "/image/v2/images/" + id + "/file", otherToken, null, null).status()).isEqualTo(404);
        Cli.Result show = openstack(other, "image", "show", id);
        assertThat(show.exitCode()).isNotZero();
        assertThat(openstack(other, "image", "list", "-f", "value", "-c", "ID").requireSuccess().stdout()).doesNotContain(id);
    }

    @Test
    void listsPageWithNextLinks() throws Exception {
        String token = token("other-user", "other-secret", "other");
        for (String name : List.of("page-a", "page-b", "page-c")) {
            createQueued(token, name, "raw");
        }
        Http.Response first = Http.send("GET", stackbox.url() + "/image/v2/images?limit=2&sort_key=name&sort_dir=asc&name=in:page-a,page-b,page-c",
                token, null, null);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("images")).hasSize(2);
        assertThat(first.json().get("first").asText()).isEqualTo("/v2/images?limit=2&sort_key=name&sort_dir=asc&name=in:page-a,page-b,page-c");
        String next = first.json().get("next").asText();
        Http.Response second = Http.send("GET", stackbox.url() + "/image" + next, token, null, null);
        assertThat(second.json().get("images")).hasSize(1);
        assertThat(second.json().get("images").get(0).get("name").asText()).isEqualTo("page-c");
        assertThat(second.json().has("next")).isFalse();
        assertThat(glance(other, "image-list").requireSuccess().stdout()).contains("page-a", "page-b", "page-c");
    }

    private static void refused(String diskFormat, Path file, String name, String message) throws Exception {
        Cli.Result result = glance(demo, "image-create", "--file", file.toString(), "--disk-format", diskFormat,
                "--container-format", "bare", "--name", name);
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("was removed: its data is not a valid " + diskFormat + " image").containsIgnoringCase(message);
        assertThat(openstack(demo, "image", "list", "-f", "value", "-c", "Name").requireSuccess().stdout()).doesNotContain(name);
    }

    private static Map<String, String> projectUser(String project, String user, String password) throws Exception {
        openstack(admin, "project", "create", project).requireSuccess();
        openstack(admin, "user", "create", "--password", password, "--project", project, user).requireSuccess();
        openstack(admin, "role", "add", "--project", project, "--user", user, "member").requireSuccess();
        Map<String, String> environment = new HashMap<>(admin);
        environment.put("OS_USERNAME", user);
        environment.put("OS_PASSWORD", password);
        environment.put("OS_PROJECT_NAME", project);
        return environment;
    }

    private static String projectId(String name) throws Exception {
        return openstack(admin, "project", "show", name, "-f", "value", "-c", "id").requireSuccess().stdout().strip();
    }

    private static String createQueued(String token, String name, String diskFormat) throws Exception {
        Http.Response created = Http.send("POST", stackbox.url() + "/image/v2/images", token, null,
                "{\"name\": \"%s\", \"disk_format\": \"%s\", \"container_format\": \"bare\"}".formatted(name, diskFormat));
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private static JsonNode awaitStatus(String token, String id, String status) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            JsonNode image = Http.send("GET", stackbox.url() + "/image/v2/images/" + id, token, null, null).json();
            if (image.get("status").asText().equals(status) || Instant.now().isAfter(deadline)) {
                assertThat(image.get("status").asText()).isEqualTo(status);
                return image;
            }
            Thread.sleep(100);
        }
    }

    private static Http.Response get(String path, String token, Map<String, String> headers) throws Exception {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(stackbox.url() + path))
                .header("X-Auth-Token", token).GET();
        headers.forEach(request::header);
        var response = java.net.http.HttpClient.newHttpClient().send(request.build(),
                java.net.http.HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
        return new Http.Response(response.statusCode(), response.headers(), response.body());
    }

    private static String token(String user, String password, String project) throws Exception {
        return Http.token(stackbox.url() + "/identity", user, password, project);
    }

    private static Path imagesDirectory() {
        return stackbox.dataDir().resolve("images");
    }

    private static List<Path> incomingFiles() throws Exception {
        return ImageFiles.filesUnder(imagesDirectory().resolve(".incoming"));
    }

    /** The value of one row of a glance CLI property table. */
    private static String field(String table, String name) {
        for (String line : table.split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length >= 3 && cells[1].strip().equals(name)) {
                return cells[2].strip();
            }
        }
        throw new AssertionError("no " + name + " in " + table);
    }

    private static JsonNode json(Cli.Result result) throws Exception {
        return JSON.readTree(result.requireSuccess().stdout());
    }

    private static Cli.Result openstack(Map<String, String> environment, String... arguments) throws Exception {
        return Cli.run(environment, home, prepend("openstack", arguments));
    }

    private static Cli.Result glance(Map<String, String> environment, String... arguments) throws Exception {
        return Cli.run(environment, home, prepend("glance", arguments));
    }

    private static String[] prepend(String command, String[] arguments) {
        String[] full = new String[arguments.length + 1];
        full[0] = command;
        System.arraycopy(arguments, 0, full, 1, arguments.length);
        return full;
    }
}
