package org.stackbox.server;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code stackbox server}: installing from an ISO the way OpenStack cannot, through Stackbox's compute extension
 * {@code stackbox-iso-media} (and one standard Nova request for the one-step create).
 */
@Command(name = "server", mixinStandardHelpOptions = true, description = "Install servers from ISO images.",
        subcommands = {ServerCommand.Install.class, ServerCommand.EjectIso.class, ServerCommand.InsertIso.class})
final class ServerCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** Where the credentials come from when no {@code OS_*} variables are set. */
    static final class Credentials {
        @Option(names = "--data-dir", paramLabel = "DIR", description = "Where to find openrc when no OS_* variables are set.")
        Path dataDir;

        CloudClient login() throws Exception {
            return CloudClient.login(dataDir != null ? dataDir : DataDirectory.defaultLocation());
        }
    }

    /** A subcommand's one request: log in, POST to compute, print what the answer says; exit code 0. */
    abstract static class ComputePost implements Callable<Integer> {
        @Mixin
        Credentials credentials;

        /** Below compute's public endpoint. */
        abstract String path();

        abstract Object body();

        abstract String output(JsonNode answer);

        @Override
        public final Integer call() throws Exception {
            System.out.println(output(credentials.login().post("compute", path(), body())));
            return 0;
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Boot an ISO with a new blank volume as the disk to install onto, in one request. When the "
                    + "installer is done, 'stackbox server eject-iso SERVER' and start (or reboot) the server.")
    static final class Install extends ComputePost {
        @Parameters(paramLabel = "NAME", description = "The new server's name.")
        String name;

        @Option(names = "--iso", required = true, paramLabel = "IMAGE", description = "The ISO image's id.")
        String iso;

        @Option(names = "--flavor", required = true, paramLabel = "FLAVOR", description = "The flavor's id.")
        String flavor;

        @Option(names = "--volume-size", required = true, paramLabel = "GIB", description = "Size of the volume to install onto.")
        int volumeSize;

        @Option(names = "--delete-volume-on-termination", description = "Delete the volume with the server (default: keep it).")
        boolean deleteOnTermination;

        @Option(names = "--network", paramLabel = "NET", description = "A network's id (default: none).")
        String network;

        @Override
        String path() {
            return "/servers";
        }

        @Override
        Object body() {
            Map<String, Object> blank = new LinkedHashMap<>();
            blank.put("source_type", "blank");
            blank.put("destination_type", "volume");
            blank.put("volume_size", volumeSize);
            blank.put("delete_on_termination", deleteOnTermination);
            Map<String, Object> server = new LinkedHashMap<>();
            server.put("name", name);
            server.put("imageRef", iso);
            server.put("flavorRef", flavor);
            server.put("block_device_mapping_v2", List.of(blank));
            server.put("networks", network == null ? "none" : List.of(Map.of("uuid", network)));
            return Map.of("server", server);
        }

        @Override
        String output(JsonNode created) {
            return created.path("server").path("id").asText();
        }
    }

    /** A server action of the {@code stackbox-iso-media} extension; its answer is the server's drives after it. */
    abstract static class IsoMediaAction extends ComputePost {
        private final String action;

        @Parameters(index = "0", paramLabel = "SERVER", description = "The server's id.")
        String server;

        IsoMediaAction(String action) {
            this.action = action;
        }

        abstract Map<String, Object> arguments();

        @Override
        final String path() {
            return "/servers/" + server + "/action";
        }

        @Override
        final Object body() {
            return Map.of(action, arguments());
        }

        /** Target, source and boot index of each drive, like {@code virsh domblklist} with boot order. */
        @Override
        final String output(JsonNode answer) {
            List<String> lines = new ArrayList<>();
            lines.add(String.format(" %-8s %-6s %s", "Target", "Boot", "Source"));
            lines.add("------------------------------------------------");
            for (JsonNode device : answer.path("block_devices")) {
                JsonNode boot = device.path("boot_index");
                lines.add(String.format(" %-8s %-6s %s", device.path("target").asText(),
                        boot.isNull() || boot.isMissingNode() ? "-" : boot.asText(), device.path("source").asText()));
            }
            return String.join("\n", lines);
        }
    }

    @Command(name = "eject-iso", mixinStandardHelpOptions = true,
            description = "Take the ISO out of the server's CD-ROM drive(s); if the ISO booted, the installed volume "
                    + "boots next (same server, id, addresses and volume).")
    static final class EjectIso extends IsoMediaAction {
        @Option(names = "--drive", paramLabel = "TARGET", description = "Only this drive, e.g. hda (default: every drive with an ISO).")
        String drive;

        @Option(names = "--force", description = "Open the tray even if the guest locked it.")
        boolean force;

        EjectIso() {
            super("stackbox:eject-iso");
        }

        @Override
        Map<String, Object> arguments() {
            Map<String, Object> arguments = new LinkedHashMap<>();
            if (drive != null) {
                arguments.put("drive", drive);
            }
            arguments.put("force", force);
            return arguments;
        }
    }

    @Command(name = "insert-iso", mixinStandardHelpOptions = true,
            description = "Put an ISO image into the server's CD-ROM drive: the named one, else the first empty one, "
                    + "else a new one (a second drive, e.g. for drivers).")
    static final class InsertIso extends IsoMediaAction {
        @Parameters(index = "1", paramLabel = "IMAGE", description = "The ISO image's id.")
        String image;

        @Option(names = "--drive", paramLabel = "TARGET", description = "The drive, e.g. hda.")
        String drive;

        InsertIso() {
            super("stackbox:insert-iso");
        }

        @Override
        Map<String, Object> arguments() {
            Map<String, Object> arguments = new LinkedHashMap<>();
            arguments.put("imageRef", image);
            if (drive != null) {
                arguments.put("drive", drive);
            }
            return arguments;
        }
    }
}
