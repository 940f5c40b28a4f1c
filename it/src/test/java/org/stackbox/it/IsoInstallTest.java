package org.stackbox.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The article's purpose, for real: an installer ISO installs a Linux system onto a blank volume, and the volume then
 * boots it, driven by the official clients exactly as the article types them (MISSION.md, "Install from an ISO").
 * The installer is {@link InstallerIso}: under TCG it installs in seconds and powers the server off when done.
 * The screenshots of the installer's screen, taken through the console proxy, are test artifacts.
 */
@Timeout(900)
class IsoInstallTest {
    /** m1.tiny: 512 MiB, a 1 GiB disk, which holds the ISO (the flavor's disk must). */
    static final String FLAVOR = "m1.tiny";
    /** The default network's id, for the article's --nic net-id. */
    static String network;
    static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(4);

    @TempDir
    static Path work;

    static StackboxProcess stackbox;
    static Map<String, String> admin;
    static Path home;
    static String token;
    static String projectId;
    static Path iso;
    static ApiWaits waits;

    @BeforeAll
    static void start() throws Exception {
        iso = InstallerIso.path();
        stackbox = StackboxProcess.start(work.resolve("data"));
        admin = stackbox.adminEnvironment();
        home = Files.createDirectories(work.resolve("home"));
        token = Http.token(stackbox.url() + "/identity", admin.get("OS_USERNAME"), admin.get("OS_PASSWORD"),
                admin.get("OS_PROJECT_NAME"));
        projectId = Http.send("GET", stackbox.url() + "/identity/v3/auth/tokens", token, token, null).json()
                .at("/token/project/id").asText();
        waits = new ApiWaits(IsoInstallTest::api, projectId);
        network = run("openstack", "network", "show", "private", "-f", "value", "-c", "id").requireSuccess()
                .stdout().strip();
    }

    @AfterAll
    static void stop() throws Exception {
        if (stackbox != null) {
            JsonNode servers = api("GET", "/compute/v2.1/servers", null).json().path("servers");
            for (JsonNode server : servers) {
                api("DELETE", "/compute/v2.1/servers/" + server.path("id").asText(), null);
            }
            for (JsonNode server : servers) {
                waits.awaitGone(server.path("id").asText());
            }
            stackbox.close();
        }
        // QEMU outlives Stackbox by design: whatever a failed test left running is stopped here.
        Path servers = work.resolve("data").resolve("servers");
        if (Files.isDirectory(servers)) {
            try (var directories = Files.list(servers)) {
                for (Path pidFile : directories.map(directory -> directory.resolve("qemu.pid")).toList()) {
                    if (Files.exists(pidFile)) {
                        ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
                                .ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
            }
        }
    }

    @Test
    void theArticlesWorkflowVerbatim() throws Exception {
        Cli.Result upload = run("glance", "image-create", "--file", iso.toString(), "--disk-format", "iso",
                "--container-format", "bare", "--visibility", "public", "--progress", "--name",
                "stackbox-installer").requireSuccess();
        String image = field(upload, "id");
        assertThat(field(upload, "disk_format")).isEqualTo("iso");
        String volume = field(run("cinder", "create", "--name", "blank_image", "1").requireSuccess(), "id");
        waits.awaitVolume(volume, "available");

        String installer = field(run("nova", "boot", "--flavor", FLAVOR, "--image", image, "--block-device",
                "source=volume,id=" + volume + ",dest=volume,shutdown=preserve", "--nic", "net-id=" + network,
                "installer").requireSuccess(), "id");
        awaitStatus(installer, "ACTIVE", Duration.ofSeconds(120));

        // Nova's console URL shows the installer's screen while it partitions, formats and installs onto the volume;
        // Enter on that screen's keyboard tells it to power the server off.
        String consoleUrl = novncUrl(run("nova", "get-vnc-console", installer, "novnc").requireSuccess().stdout());
        watchTheInstallerAndPressEnter(installer, consoleUrl);
        assertThat(blklist(installer)).isEqualTo(ComputeClientTest.table("hda", installer + "_disk",
                "hdd", installer + "_disk.config", "vda", "volume-" + volume));
        awaitStatus(installer, "SHUTOFF", INSTALL_TIMEOUT);
        assertThat(consoleLog(installer)).contains(InstallerIso.INSTALL_DONE, InstallerIso.ENTER_PRESSED)
                .doesNotContain(InstallerIso.INSTALL_FAILED);

        run("nova", "delete", installer).requireSuccess();
        waits.awaitGone(installer);
        assertThat(waits.awaitVolume(volume, "available").path("bootable").asText()).isEqualTo("false");
        run("cinder", "set-bootable", volume, "true").requireSuccess();

        String installed = field(run("nova", "boot", "--flavor", FLAVOR, "--block-device",
                "source=volume,id=" + volume + ",dest=volume,size=1,shutdown=preserve,bootindex=0", "--nic",
                "net-id=" + network, "installed").requireSuccess(), "id");
        awaitStatus(installed, "ACTIVE", Duration.ofSeconds(120));
        assertThat(blklist(installed)).isEqualTo(ComputeClientTest.table("hdd", installed + "_disk.config",
                "vda", "volume-" + volume));
        awaitConsole(installed, InstallerIso.SYSTEM_BOOTED);
        assertThat(run("openstack", "console", "log", "show", installed).requireSuccess().stdout())
                .contains(InstallerIso.SYSTEM_BOOTED).doesNotContain(InstallerIso.INSTALLER_STARTED);

        // The installed system powers off cleanly when stopped; the volume outlives its second server too.
        run("openstack", "server", "stop", installed).requireSuccess();
        awaitStatus(installed, "SHUTOFF", Duration.ofSeconds(120));
        tidyUp(installed, volume, image);
    }

    /**
     * The same workflow with the {@code openstack} client's equivalent of each command (the console URL, which the
     * verbatim workflow watches, is {@code openstack console url show}, tested in {@link ConsoleClientTest}); then
     * what was installed is kept as an image, and a server booted from that image starts the installed system.
     */
    @Test
    void theArticlesWorkflowWithTheOpenstackClient() throws Exception {
        String image = openstackId("image", "create", "--file", iso.toString(), "--disk-format", "iso",
                "--container-format", "bare", "--public", "--progress", "stackbox-installer-openstack");
        String volume = openstackId("volume", "create", "--size", "1", "blank_image_openstack");
        waits.awaitVolume(volume, "available");
        String installer = openstackId("server", "create", "--flavor", FLAVOR, "--image", image, "--block-device",
                "uuid=" + volume + ",source_type=volume,destination_type=volume,delete_on_termination=false",
                "--network", network, "installer-openstack");
        awaitStatus(installer, "SHUTOFF", INSTALL_TIMEOUT);
        assertThat(run("openstack", "console", "log", "show", installer).requireSuccess().stdout())
                .contains(InstallerIso.INSTALL_DONE).doesNotContain(InstallerIso.INSTALL_FAILED);

        run("openstack", "server", "delete", installer).requireSuccess();
        waits.awaitGone(installer);
        run("openstack", "volume", "set", "--bootable", volume).requireSuccess();
        assertThat(waits.awaitVolume(volume, "available").path("bootable").asText()).isEqualTo("true");

        String installed = openstackId("server", "create", "--flavor", FLAVOR, "--volume", volume, "--network",
                network, "installed-openstack");
        awaitStatus(installed, "ACTIVE", Duration.ofSeconds(120));
        awaitConsole(installed, InstallerIso.SYSTEM_BOOTED);
        assertThat(run("openstack", "console", "log", "show", installed).requireSuccess().stdout())
                .contains(InstallerIso.SYSTEM_BOOTED).doesNotContain(InstallerIso.INSTALLER_STARTED);
        assertThat(api("GET", "/compute/v2.1/servers/" + installed + "/os-volume_attachments", null).json()
                .at("/volumeAttachments/0/device").asText()).isEqualTo("/dev/vda");
        delete("/compute/v2.1/servers/" + installed);
        waits.awaitGone(installed);
        waits.awaitVolume(volume, "available");

        // Keeping what was installed: the volume becomes an image (Cinder's upload-to-image), and a server booted
        // from that image, with its own root disk and no volume, starts the installed system.
        // (its answer is Cinder's upload: the volume's id, and the new image's as image_id)
        String kept = run("openstack", "image", "create", "--volume", volume, "--disk-format", "qcow2", "-f", "value",
                "-c", "image_id", "installed-system").requireSuccess().stdout().strip();
        waitForImage(kept);
        waits.awaitVolume(volume, "available");
        String fromImage = openstackId("server", "create", "--flavor", FLAVOR, "--image", kept, "--network", network,
                "from-installed-image");
        awaitStatus(fromImage, "ACTIVE", Duration.ofSeconds(120));
        assertThat(api("GET", "/compute/v2.1/servers/" + fromImage + "/os-volume_attachments", null).json()
                .path("volumeAttachments")).isEmpty();
        assertThat(blklist(fromImage)).contains(fromImage + "_disk").doesNotContain("volume-");
        awaitConsole(fromImage, InstallerIso.SYSTEM_BOOTED);
        assertThat(run("openstack", "console", "log", "show", fromImage).requireSuccess().stdout())
                .contains(InstallerIso.SYSTEM_BOOTED).doesNotContain(InstallerIso.INSTALLER_STARTED);

        delete("/compute/v2.1/servers/" + fromImage);
        waits.awaitGone(fromImage);
        delete("/image/v2/images/" + kept);
        delete("/volume/v3/" + projectId + "/volumes/" + volume);
        delete("/image/v2/images/" + image);
    }

    static void waitForImage(String id) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        while (true) {
            String status = api("GET", "/image/v2/images/" + id, null).json().path("status").asText();
            if (status.equals("active")) {
                return;
            }
            assertThat(status).as("image %s", id).isIn("queued", "saving", "uploading", "importing");
            assertThat(Instant.now()).as("image %s still %s", id, status).isBefore(deadline);
            Thread.sleep(500);
        }
    }

    @Test
    void theOneStepWayWithStackboxsExtensions() throws Exception {
        JsonNode extensions = api("GET", "/compute/v2.1/extensions", null).json().path("extensions");
        assertThat(extensions.toString()).contains("stackbox-iso-media", "stackbox:eject-iso", "stackbox:insert-iso");
        assertThat(api("GET", "/compute/v2.1", null).json().path("version").has("stackbox:extensions"))
                .as("the version document is Nova's").isFalse();
        String image = openstackId("image", "create", "--file", iso.toString(), "--disk-format", "iso",
                "--container-format", "bare", "--public", "installer-one-step");
        String drivers = openstackId("image", "create", "--file", ImageFiles.bootableIso(work, "DRIVERS").toString(),
                "--disk-format", "iso", "--container-format", "bare", "drivers");

        // One request: the ISO boots, a new blank volume is the disk to install onto (kept when the server goes).
        String id = stackbox("server", "install", "--iso", image, "--flavor", "1", "--volume-size", "1",
                "--network", network, "one-step").strip();
        awaitStatus(id, "ACTIVE", Duration.ofSeconds(120));
        String volume = api("GET", "/compute/v2.1/servers/" + id + "/os-volume_attachments", null).json()
                .at("/volumeAttachments/0/volumeId").asText();
        assertThat(blklist(id)).isEqualTo(ComputeClientTest.table("hda", id + "_disk", "hdd", id + "_disk.config",
                "vda", "volume-" + volume));

        // A drivers disc goes into a second drive while the installer runs (SCSI: IDE cannot be hot-plugged).
        assertThat(stackbox("server", "insert-iso", id, drivers)).contains("sda", "image-" + drivers);
        awaitStatus(id, "SHUTOFF", INSTALL_TIMEOUT);
        assertThat(consoleLog(id)).contains(InstallerIso.INSTALL_DONE).doesNotContain(InstallerIso.INSTALL_FAILED);

        // Eject: the discs come out and the installed volume boots, in the same server.
        String ejected = stackbox("server", "eject-iso", id);
        assertThat(ejected).containsPattern("(?m)^ hda +- +- *$").containsPattern("(?m)^ hdd +- +" + id
                + "_disk.config *$").containsPattern("(?m)^ vda +0 +volume-" + volume + " *$")
                .containsPattern("(?m)^ sda +- +- *$");
        run("openstack", "server", "start", id).requireSuccess();
        awaitStatus(id, "ACTIVE", Duration.ofSeconds(120));
        awaitConsole(id, InstallerIso.SYSTEM_BOOTED);

        // A reboot starts the installed system again, not the installer.
        run("openstack", "server", "reboot", id).requireSuccess();
        awaitStatus(id, "ACTIVE", Duration.ofSeconds(180));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (occurrences(consoleLog(id), InstallerIso.SYSTEM_BOOTED) < 2) {
            assertThat(Instant.now()).as("no second boot: %s", consoleLog(id)).isBefore(deadline);
            Thread.sleep(500);
        }
        String log = run("openstack", "console", "log", "show", id).requireSuccess().stdout();
        assertThat(occurrences(log, InstallerIso.INSTALLER_STARTED)).isEqualTo(1);
        assertThat(occurrences(log, InstallerIso.SYSTEM_BOOTED)).isEqualTo(2);
        assertThat(waits.awaitVolume(volume, "in-use").path("bootable").asText()).isEqualTo("true");
        Cli.Result detach = run("nova", "volume-detach", id, volume);
        assertThat(detach.stderr()).contains("Can't detach root device volume (HTTP 403)");

        // Nothing left to eject; a disc goes back into the empty drive, and is changed for another.
        Http.Response nothing = api("POST", "/compute/v2.1/servers/" + id + "/action",
                "{\"stackbox:eject-iso\": {}}");
        assertThat(nothing.status()).isEqualTo(409);
        assertThat(nothing.body()).contains("has no ISO to eject");
        assertThat(stackbox("server", "insert-iso", id, image)).containsPattern("hda +- +image-" + image);
        assertThat(stackbox("server", "insert-iso", "--drive", "hda", id, drivers))
                .containsPattern("hda +- +image-" + drivers);
        Http.Response notAnIso = api("POST", "/compute/v2.1/servers/" + id + "/action",
                "{\"stackbox:insert-iso\": {\"imageRef\": \"" + image + "\", \"drive\": \"hdd\"}}");
        assertThat(notAnIso.status()).isEqualTo(400);
        assertThat(notAnIso.body()).contains("hdd is not a CD-ROM drive that takes an ISO");
        stackbox("server", "eject-iso", "--force", id);

        tidyUp(id, volume, image);
        delete("/image/v2/images/" + drivers);
    }

    @Test
    void faultsDuringAnInstallAndTheIsoRules() throws Exception {
        String image = field(run("glance", "image-create", "--file", iso.toString(), "--disk-format", "iso",
                "--container-format", "bare", "--name", "installer-faults").requireSuccess(), "id");
        String volume = field(run("cinder", "create", "--name", "blank_faults", "1").requireSuccess(), "id");
        waits.awaitVolume(volume, "available");
        String id = field(run("nova", "boot", "--flavor", FLAVOR, "--image", image, "--block-device",
                "source=volume,id=" + volume + ",dest=volume,shutdown=preserve", "--nic", "net-id=" + network,
                "installer-faults").requireSuccess(), "id");
        awaitStatus(id, "ACTIVE", Duration.ofSeconds(120));

        // The volume under a running server cannot be deleted (Cinder's rule and message).
        Cli.Result deleteVolume = run("cinder", "delete", volume);
        assertThat(deleteVolume.output()).contains("Volume status must be available or error");
        // The ISO can be deleted, as Glance allows; the server keeps its disc until it lets go of it.
        run("glance", "image-delete", image).requireSuccess();
        assertThat(blklist(id)).contains("hda      " + id + "_disk");

        // Stackbox restarts in the middle of the install: the installer goes on, and the server ends SHUTOFF.
        assertThat(stackbox.terminate()).isIn(0, 143);
        stackbox.close();
        stackbox = StackboxProcess.start(stackbox.dataDir(), stackbox.port());
        token = Http.token(stackbox.url() + "/identity", admin.get("OS_USERNAME"), admin.get("OS_PASSWORD"),
                admin.get("OS_PROJECT_NAME"));
        awaitStatus(id, "SHUTOFF", INSTALL_TIMEOUT);
        assertThat(consoleLog(id)).contains(InstallerIso.INSTALL_DONE).doesNotContain(InstallerIso.INSTALL_FAILED);
        run("nova", "delete", id).requireSuccess();
        waits.awaitGone(id);

        // The installed volume is not bootable until its owner says so.
        waits.awaitVolume(volume, "available");
        Cli.Result notBootable = run("nova", "boot", "--flavor", FLAVOR, "--block-device",
                "source=volume,id=" + volume + ",dest=volume,size=1,shutdown=preserve,bootindex=0", "too-early");
        assertThat(notBootable.stderr()).contains("Block Device " + volume + " is not bootable.", "HTTP 400");
        run("cinder", "delete", volume).requireSuccess();

        // A volume made from an ISO holds installer media: not bootable either, unless marked.
        String small = field(run("glance", "image-create", "--file", ImageFiles.bootableIso(work, "SMALL").toString(),
                "--disk-format", "iso", "--container-format", "bare", "--min-disk", "2", "--name", "small-iso")
                .requireSuccess(), "id");
        String fromIso = field(run("cinder", "create", "--image-id", small, "--name", "from_iso", "2")
                .requireSuccess(), "id");
        assertThat(waits.awaitVolume(fromIso, "available").path("bootable").asText()).isEqualTo("false");
        Cli.Result isoVolume = run("nova", "boot", "--flavor", FLAVOR, "--block-device",
                "source=volume,id=" + fromIso + ",dest=volume,shutdown=preserve,bootindex=0", "iso-volume");
        assertThat(isoVolume.stderr()).contains("Block Device " + fromIso + " is not bootable.", "HTTP 400");
        run("cinder", "delete", fromIso).requireSuccess();

        // The flavor's disk must hold the ISO (here its min_disk of 2 GiB; m1.tiny has 1).
        Cli.Result tooSmall = run("nova", "boot", "--flavor", FLAVOR, "--image", small, "too-small");
        assertThat(tooSmall.stderr()).contains("Flavor's disk is too small for requested image.", "HTTP 400");
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /**
     * Deletes a workflow's last server, its volume, which outlived it, and its ISO, through the APIs: the clients'
     * deletes are checked elsewhere, and each costs seconds here.
     */
    static void tidyUp(String server, String volume, String image) throws Exception {
        delete("/compute/v2.1/servers/" + server);
        waits.awaitGone(server);
        waits.awaitVolume(volume, "available");
        delete("/volume/v3/" + projectId + "/volumes/" + volume);
        delete("/image/v2/images/" + image);
    }

    static void delete(String path) throws Exception {
        Http.Response response = api("DELETE", path, null);
        assertThat(response.status()).as("DELETE %s: %s", path, response.body()).isIn(202, 204);
    }

    /** The URL in {@code nova get-vnc-console}'s table. */
    static String novncUrl(String table) {
        Matcher url = Pattern.compile("\\| novnc \\| (\\S+) +\\|").matcher(table);
        assertThat(url.find()).as(table).isTrue();
        assertThat(url.group(1)).startsWith(stackbox.url() + "/console/vnc_lite.html?path=");
        return url.group(1);
    }

    /**
     * Watches the installer's screen through the console proxy's websocket, as noVNC would, until the installer asks
     * for Enter; checks that the screen showed its progress, keeps the screens as test artifacts and presses Enter.
     */
    static void watchTheInstallerAndPressEnter(String server, String novncUrl) throws Exception {
        Instant deadline = Instant.now().plus(INSTALL_TIMEOUT);
        try (ConsoleSockets.Connection console = ConsoleSockets.Connection.open(
                ConsoleSockets.vncWebsocketUrl(novncUrl))) {
            console.rfbHandshake();
            console.askForRawPixels();
            GuestScreen screen = GuestScreen.of(console.screen());
            boolean seenRunning = false;
            while (screen.rowStartingWith(InstallerIso.POWER_OFF_PROMPT) < 0) {
                if (!seenRunning && screen.shows(0, 0, InstallerIso.INSTALLER_STARTED)) {
                    TestArtifacts.save("iso-install-running.png", screen.png());
                    seenRunning = true;
                }
                if (Instant.now().isAfter(deadline)) {
                    TestArtifacts.save("iso-install-not-on-screen.png", screen.png());
                    throw new AssertionError("The installer never asked for Enter on its screen:%n%s"
                            .formatted(screen.picture(0, 10, 0, 70)));
                }
                Thread.sleep(300);
                screen = GuestScreen.of(console.screen());
            }
            TestArtifacts.save("iso-install-done.png", screen.png());
            assertThat(screen.width()).isEqualTo(720);
            assertThat(screen.height()).isEqualTo(400);
            assertThat(screen.shows(0, 0, InstallerIso.INSTALLER_STARTED)).as("the installer's first line, on top:%n%s",
                    screen.picture(0, 2, 0, 40)).isTrue();
            int prompt = screen.rowStartingWith(InstallerIso.POWER_OFF_PROMPT);
            assertThat(screen.shows(prompt - 1, 0, InstallerIso.INSTALL_DONE)).as("INSTALL-DONE above the prompt")
                    .isTrue();
            assertThat(prompt).as("the installer's steps between its first line and the end").isEqualTo(6);
            assertThat(screen.litPixels()).isGreaterThan(2000);
            console.pressReturn();
            // Stay until the installer took the key: keys pressed just before their viewer left were seen to be lost.
            awaitConsole(server, InstallerIso.ENTER_PRESSED);
        }
    }

    static Cli.Result run(String... command) throws Exception {
        return Cli.run(admin, home, command);
    }

    static String field(Cli.Result result, String name) {
        return ComputeClientTest.field(result, name);
    }

    static Http.Response api(String method, String path, String body) throws Exception {
        return Http.send(method, stackbox.url() + path, token, null, body);
    }

    static JsonNode awaitStatus(String id, String wanted, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Http.Response response = api("GET", "/compute/v2.1/servers/" + id, null);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            JsonNode server = response.json().path("server");
            String status = server.path("status").asText();
            if (status.equals(wanted) && server.path("OS-EXT-STS:task_state").isNull()) {
                return server;
            }
            if (!wanted.equals("ERROR")) {
                assertThat(status).as("server %s: %s", id, server).isNotEqualTo("ERROR");
            }
            assertThat(Instant.now()).as("server %s still %s; console: %s", id, status, consoleLog(id))
                    .isBefore(deadline);
            Thread.sleep(500);
        }
    }

    static String consoleLog(String id) throws Exception {
        return api("POST", "/compute/v2.1/servers/" + id + "/action", "{\"os-getConsoleOutput\": {}}").json()
                .path("output").asText();
    }

    static void awaitConsole(String id, String text) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (!consoleLog(id).contains(text)) {
            assertThat(Instant.now()).as("no %s from %s: %s", text, id, consoleLog(id)).isBefore(deadline);
            Thread.sleep(500);
        }
    }

    static int occurrences(String text, String part) {
        int count = 0;
        for (int index = text.indexOf(part); index >= 0; index = text.indexOf(part, index + part.length())) {
            count++;
        }
        return count;
    }

    /** The {@code stackbox} command, as an operator runs it; its standard output. */
    static String stackbox(String... arguments) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("java", "-jar",
                StackboxProcess.jar().toString()));
        command.add(arguments[0]);
        command.add(arguments[1]);
        command.addAll(java.util.List.of("--data-dir", stackbox.dataDir().toString()));
        command.addAll(java.util.List.of(arguments).subList(2, arguments.length));
        return run(command.toArray(String[]::new)).requireSuccess().stdout();
    }

    static String openstackId(String... arguments) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("openstack"));
        command.addAll(java.util.List.of(arguments));
        command.addAll(java.util.List.of("-f", "value", "-c", "id"));
        return run(command.toArray(String[]::new)).requireSuccess().stdout().strip();
    }

    static String blklist(String id) throws Exception {
        return run("java", "-jar", StackboxProcess.jar().toString(), "virt", "blklist", "--data-dir",
                stackbox.dataDir().toString(), id).requireSuccess().stdout();
    }
}
