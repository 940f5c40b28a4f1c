package org.stackbox.server;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code stackbox storage}: the operator's view of where volumes keep their data. */
@Command(name = "storage", mixinStandardHelpOptions = true, description = "Inspect volume storage.",
        subcommands = {StorageCommand.Info.class})
final class StorageCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** {@code stackbox storage info VOLUME}: what {@code rbd info} shows on Ceph, for this cloud's store. */
    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Show a volume's size, format, cluster size, allocation, parent and overlap (admin).")
    static final class Info implements Callable<Integer> {
        @Parameters(paramLabel = "VOLUME", description = "The volume's id.")
        String volumeId;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "Where to find openrc when no OS_* variables are set.")
        Path dataDir;

        @Override
        public Integer call() throws Exception {
            CloudClient client = CloudClient.login(dataDir != null ? dataDir : DataDirectory.defaultLocation());
            JsonNode storage = client.get("volumev3", "/volumes/" + volumeId + "/storage").path("storage");
            System.out.print(format(storage));
            return 0;
        }

        static String format(JsonNode storage) {
            long size = storage.path("size").asLong();
            long cluster = storage.path("cluster_size").asLong();
            StringBuilder out = new StringBuilder();
            out.append("volume '%s':%n".formatted(storage.path("volume_id").asText()));
            out.append("\tsize %s in %d clusters%n".formatted(bytes(size), cluster == 0 ? 0 : (size + cluster - 1) / cluster));
            out.append("\tcluster_size: %s%n".formatted(bytes(cluster)));
            out.append("\tformat: %s%n".formatted(storage.path("format").asText()));
            out.append("\tallocated: %s%n".formatted(bytes(storage.path("allocated").asLong())));
            JsonNode parent = storage.path("parent");
            if (parent.isObject()) {
                out.append("\tparent: %s %s%n".formatted(parent.path("kind").asText(), parent.path("id").asText()));
                out.append("\toverlap: %s%n".formatted(bytes(parent.path("overlap").asLong())));
            }
            for (JsonNode snapshot : storage.path("snapshots")) {
                out.append("\tsnapshot: %s%n".formatted(snapshot.asText()));
            }
            out.append("\tchain_length: %d%n".formatted(storage.path("chain_length").asInt()));
            return out.toString();
        }

        private static String bytes(long value) {
            String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
            double scaled = value;
            int unit = 0;
            while (scaled >= 1024 && unit < units.length - 1) {
                scaled /= 1024;
                unit++;
            }
            return scaled == Math.rint(scaled) ? "%d %s".formatted((long) scaled, units[unit]) : "%.1f %s".formatted(scaled, units[unit]);
        }
    }
}
