package org.stackbox.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** {@code stackbox server install | eject-iso | insert-iso} against a fake compute API. */
class ServerCommandTest {
    @TempDir
    Path dataDir;

    private FakeCompute cloud;
    private final StringWriter errors = new StringWriter();
    private Exception failure;

    @BeforeEach
    void start() throws Exception {
        assumeFalse(System.getenv().containsKey("OS_AUTH_URL") && System.getenv().containsKey("OS_PASSWORD"),
                "OS_* credentials in the environment would take the commands to another cloud");
        cloud = new FakeCompute();
        cloud.writeOpenrc(dataDir);
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    @Test
    void installPostsOneServerWithABlankVolumeAndPrintsItsId() {
        cloud.answer(202, "{\"server\": {\"id\": \"new-server\"}}");

        Run run = run("install", "--iso", "iso-image", "--flavor", "1", "--volume-size", "2", "--network", "net",
                "installer");

        assertThat(run.exitCode()).isZero();
        assertThat(run.output()).isEqualTo("new-server\n");
        assertThat(cloud.requests()).containsExactly(new FakeCompute.Request("POST", "/compute/v2.1/servers",
                "{\"server\":{\"name\":\"installer\",\"imageRef\":\"iso-image\",\"flavorRef\":\"1\","
                        + "\"block_device_mapping_v2\":[{\"source_type\":\"blank\",\"destination_type\":\"volume\","
                        + "\"volume_size\":2,\"delete_on_termination\":false}],"
                        + "\"networks\":[{\"uuid\":\"net\"}]}}"));
    }

    @Test
    void installWithoutANetworkAsksForNone() {
        cloud.answer(202, "{\"server\": {\"id\": \"new-server\"}}");

        run("install", "--iso", "iso-image", "--flavor", "1", "--volume-size", "1", "--delete-volume-on-termination",
                "installer");

        assertThat(cloud.requests().get(0).body()).contains("\"delete_on_termination\":true}]",
                "\"networks\":\"none\"");
    }

    @Test
    void ejectIsoPostsTheActionAndPrintsTheDrives() {
        cloud.answer(200, """
                {"block_devices": [{"target": "hda", "boot_index": null, "source": "/images/installer.iso"},
                                   {"target": "vda", "boot_index": 0, "source": "volume-1"},
                                   {"target": "hdb", "source": "-"}]}""");

        Run run = run("eject-iso", "server-1", "--drive", "hda", "--force");

        assertThat(run.exitCode()).isZero();
        assertThat(run.output()).isEqualTo("""
                 Target   Boot   Source
                ------------------------------------------------
                 hda      -      /images/installer.iso
                 vda      0      volume-1
                 hdb      -      -
                """);
        assertThat(cloud.requests()).containsExactly(new FakeCompute.Request("POST",
                "/compute/v2.1/servers/server-1/action",
                "{\"stackbox:eject-iso\":{\"drive\":\"hda\",\"force\":true}}"));
    }

    @Test
    void ejectIsoWithoutADriveNamesNone() {
        run("eject-iso", "server-1");

        assertThat(cloud.requests().get(0).body()).isEqualTo("{\"stackbox:eject-iso\":{\"force\":false}}");
    }

    @Test
    void insertIsoPostsTheActionAndPrintsTheDrives() {
        cloud.answer(200, "{\"block_devices\": [{\"target\": \"hdb\", \"boot_index\": null, \"source\": \"d.iso\"}]}");

        Run run = run("insert-iso", "server-1", "drivers", "--drive", "hdb");

        assertThat(run.exitCode()).isZero();
        assertThat(run.output()).endsWith(" hdb      -      d.iso\n");
        assertThat(cloud.requests()).containsExactly(new FakeCompute.Request("POST",
                "/compute/v2.1/servers/server-1/action",
                "{\"stackbox:insert-iso\":{\"imageRef\":\"drivers\",\"drive\":\"hdb\"}}"));
        run("insert-iso", "server-1", "drivers");
        assertThat(cloud.requests().get(1).body()).isEqualTo("{\"stackbox:insert-iso\":{\"imageRef\":\"drivers\"}}");
    }

    @Test
    void aFaultFromTheApiFailsTheCommandWithItsMessage() {
        cloud.answer(409, "{\"conflictingRequest\": {\"message\": \"Server is building.\", \"code\": 409}}");

        Run run = run("eject-iso", "server-1");

        assertThat(run.output()).isEmpty();
        assertThat(failure).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Server is building. (HTTP 409)");
    }

    @Test
    void aMissingOptionIsAUsageError() {
        Run run = run("install", "installer");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(errors.toString())
                .startsWith("Missing required options: '--iso=IMAGE', '--flavor=FLAVOR', '--volume-size=GIB'");
        assertThat(cloud.requests()).isEmpty();
    }

    @Test
    void theHelpOfEachSubcommand() {
        CommandLine server = new CommandLine(new Main()).getSubcommands().get("server");

        assertThat(server.getSubcommands().get("install").getUsageMessage(CommandLine.Help.Ansi.OFF)).isEqualTo("""
                Usage: stackbox server install [-hV] [--delete-volume-on-termination]
                                               [--data-dir=DIR] --flavor=FLAVOR --iso=IMAGE
                                               [--network=NET] --volume-size=GIB NAME
                Boot an ISO with a new blank volume as the disk to install onto, in one
                request. When the installer is done, 'stackbox server eject-iso SERVER' and
                start (or reboot) the server.
                      NAME                The new server's name.
                      --data-dir=DIR      Where to find openrc when no OS_* variables are set.
                      --delete-volume-on-termination
                                          Delete the volume with the server (default: keep it).
                      --flavor=FLAVOR     The flavor's id.
                  -h, --help              Show this help message and exit.
                      --iso=IMAGE         The ISO image's id.
                      --network=NET       A network's id (default: none).
                  -V, --version           Print version information and exit.
                      --volume-size=GIB   Size of the volume to install onto.
                """);
        assertThat(server.getSubcommands().get("eject-iso").getUsageMessage(CommandLine.Help.Ansi.OFF)).isEqualTo("""
                Usage: stackbox server eject-iso [-hV] [--force] [--data-dir=DIR]
                                                 [--drive=TARGET] SERVER
                Take the ISO out of the server's CD-ROM drive(s); if the ISO booted, the
                installed volume boots next (same server, id, addresses and volume).
                      SERVER           The server's id.
                      --data-dir=DIR   Where to find openrc when no OS_* variables are set.
                      --drive=TARGET   Only this drive, e.g. hda (default: every drive with an
                                         ISO).
                      --force          Open the tray even if the guest locked it.
                  -h, --help           Show this help message and exit.
                  -V, --version        Print version information and exit.
                """);
        assertThat(server.getSubcommands().get("insert-iso").getUsageMessage(CommandLine.Help.Ansi.OFF)).isEqualTo("""
                Usage: stackbox server insert-iso [-hV] [--data-dir=DIR] [--drive=TARGET]
                                                  SERVER IMAGE
                Put an ISO image into the server's CD-ROM drive: the named one, else the first
                empty one, else a new one (a second drive, e.g. for drivers).
                      SERVER           The server's id.
                      IMAGE            The ISO image's id.
                      --data-dir=DIR   Where to find openrc when no OS_* variables are set.
                      --drive=TARGET   The drive, e.g. hda.
                  -h, --help           Show this help message and exit.
                  -V, --version        Print version information and exit.
                """);
    }

    private record Run(int exitCode, String output) {}

    /** Runs {@code stackbox server ARGUMENTS --data-dir DIR}, keeping its standard output and any failure. */
    private Run run(String... arguments) {
        CommandLine server = new CommandLine(new ServerCommand()).setErr(new PrintWriter(errors, true))
                .setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
                    failure = exception;
                    return 2;
                });
        String[] withDataDir = java.util.Arrays.copyOf(arguments, arguments.length + 2);
        withDataDir[arguments.length] = "--data-dir";
        withDataDir[arguments.length + 1] = dataDir.toString();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream standardOutput = System.out;
        System.setOut(new PrintStream(output, true, StandardCharsets.UTF_8));
        try {
            return new Run(server.execute(withDataDir), output.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(standardOutput);
        }
    }
}
