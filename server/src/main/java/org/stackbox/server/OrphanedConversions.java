package org.stackbox.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * {@code qemu-img convert} processes that an earlier Stackbox on this data directory started and did not live to
 * wait for (killed during an upload-to-image or a volume from an image): they would go on writing files that no
 * record owns any more. A start stops them; it holds the data directory's lock, so no live Stackbox owns them.
 */
final class OrphanedConversions {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanedConversions.class);

    private OrphanedConversions() {}

    /** Stops every {@code qemu-img convert} not started by this process that writes or reads under {@code root}. */
    static int stop(Path root) {
        String prefix = requireNonNull(root, "root is null").toAbsolutePath().normalize() + "/";
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> orphans = ProcessHandle.allProcesses()
                .filter(process -> process.parent().map(parent -> parent.pid() != self).orElse(true))
                .filter(process -> isConversionUnder(process.info(), prefix))
                .toList();
        for (ProcessHandle orphan : orphans) {
            LOG.warn("Stopping qemu-img (pid {}) left running by an earlier Stackbox: {}", orphan.pid(),
                    orphan.info().commandLine().orElse("qemu-img convert"));
            orphan.destroyForcibly();
        }
        for (ProcessHandle orphan : orphans) {
            try {
                orphan.onExit().get(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.warn("qemu-img (pid {}) did not stop within 5 s", orphan.pid());
            }
        }
        return orphans.size();
    }

    static boolean isConversionUnder(ProcessHandle.Info info, String prefix) {
        boolean qemuImg = info.command().map(command -> Path.of(command).getFileName().toString().equals("qemu-img"))
                .orElse(false);
        List<String> arguments = info.arguments().map(Arrays::asList).orElse(List.of());
        return qemuImg && arguments.contains("convert")
                && arguments.stream().anyMatch(argument -> argument.startsWith(prefix));
    }
}
