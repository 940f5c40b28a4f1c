package org.stackbox.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.stackbox.virt.BlockDeviceEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code stackbox virt}: the operator's view of the hypervisor, as {@code virsh} gives it on a libvirt host. */
@Command(name = "virt", mixinStandardHelpOptions = true, description = "Inspect servers on the hypervisor.",
        subcommands = {VirtCommand.BlockList.class})
final class VirtCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** {@code stackbox virt blklist SERVER}: what {@code virsh domblklist} prints, through the admin API. */
    @Command(name = "blklist", mixinStandardHelpOptions = true,
            description = "List a server's block devices: target and source, like virsh domblklist (admin).")
    static final class BlockList implements Callable<Integer> {
        @Parameters(paramLabel = "SERVER", description = "The server's id or name.")
        String server;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "Where to find openrc when no OS_* variables are set.")
        Path dataDir;

        @Override
        public Integer call() throws Exception {
            CloudClient client = CloudClient.login(dataDir != null ? dataDir : DataDirectory.defaultLocation());
            JsonNode devices = client.get("compute", "/servers/" + server + "/block-devices").path("block_devices");
            List<BlockDeviceEntry> entries = new ArrayList<>();
            for (JsonNode device : devices) {
                entries.add(new BlockDeviceEntry(device.path("target").asText(), device.path("source").asText()));
            }
            System.out.print(BlockDeviceEntry.table(entries));
            System.out.println();
            return 0;
        }
    }
}
