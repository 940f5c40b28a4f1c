package org.stackbox.server;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code stackbox volume}: what Cinder's clients cannot do with a volume, through Stackbox's volume extension. */
@Command(name = "volume", mixinStandardHelpOptions = true, description = "Export volumes.",
        subcommands = {VolumeCommand.Export.class})
final class VolumeCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write an available volume's content to a file, one self-contained disk image that "
                    + "`glance image-create --file FILE` takes.")
    static final class Export implements Callable<Integer> {
        @Mixin
        ServerCommand.Credentials credentials;

        @Parameters(index = "0", paramLabel = "VOLUME", description = "The volume's id.")
        String volume;

        @Parameters(index = "1", paramLabel = "FILE", description = "Where to write it.")
        Path file;

        @Option(names = "--format", paramLabel = "raw|qcow2", defaultValue = "raw",
                description = "The file's disk format (default: ${DEFAULT-VALUE}).")
        String format;

        @Override
        public Integer call() throws Exception {
            credentials.login().download("volumev3", "/volumes/" + volume + "/export?format="
                    + java.net.URLEncoder.encode(format, java.nio.charset.StandardCharsets.UTF_8), file);
            System.out.println(file + ": " + Files.size(file) + " bytes, " + format);
            return 0;
        }
    }
}
