package org.stackbox.virt.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.stackbox.common.process.ChildProcesses;
import org.stackbox.virt.HypervisorException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.stackbox.virt.HypervisorException.Error.COMMAND_FAILED;
import static org.stackbox.virt.HypervisorException.Error.DEVICE_NOT_FOUND;

/**
 * The QMP steps of a live disk copy: a new qcow2 file as the target node, then a {@code blockdev-backup} job with
 * {@code sync: full}. The job fixes its starting point when it is created (QEMU drains the disk's requests for that
 * moment only) and then copies each cluster before the guest overwrites it, so the copy is the disk as it was at the
 * start while the guest goes on. Each step is a short QMP exchange: the job runs on between them, and the domain's
 * other operations are not held up by a long copy.
 *
 * <p>The target's nodes skip flushes ({@code cache.no-flush}), as {@code qemu-img convert} writes its output: qcow2
 * flushes its file between metadata updates as it allocates clusters, thousands of times for a large disk, and the
 * copy is only worth keeping once it is whole anyway: whoever keeps it writes it to the disk with one {@code fsync}
 * (the image store does as it takes the file in).
 */
final class QemuDiskBackup {
    private QemuDiskBackup() {}

    /** The ids of one disk's backup job and target nodes; one backup of a disk at a time. */
    record Names(String jobId, String targetNode, String targetFileNode, String device) {
        static Names of(String target) {
            return new Names("backup-" + target, "backup-" + target, "backup-file-" + target,
                    QemuDisks.formatNodeName(target));
        }
    }

    /** The disk's virtual size, from {@code query-block}. */
    static long virtualSize(QmpClient qmp, String target) {
        for (JsonNode entry : qmp.execute(QmpCommand.queryBlock())) {
            if (target.equals(QemuBlockOperations.deviceId(entry.path("qdev").asText()))) {
                JsonNode size = entry.path("inserted").path("image").path("virtual-size");
                if (size.isIntegralNumber()) {
                    return size.asLong();
                }
            }
        }
        throw new HypervisorException(DEVICE_NOT_FOUND, "The running guest has no disk " + target);
    }

    /** Creates the empty target file, with the disk's virtual size and no backing file. */
    static void createTarget(Path qemuImg, Path destination, long virtualSize) {
        try {
            Files.deleteIfExists(destination);
            Process process = ChildProcesses.dyingWithStackbox(List.of(qemuImg.toString(), "create", "-q", "-f",
                    "qcow2", destination.toString(), Long.toString(virtualSize))).redirectErrorStream(true).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new HypervisorException(COMMAND_FAILED, "qemu-img create did not finish in 30 s");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new HypervisorException(COMMAND_FAILED, "qemu-img create failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + destination, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HypervisorException(COMMAND_FAILED, "Interrupted creating " + destination, e);
        }
    }

    /**
     * Opens the target and starts the job; what an earlier backup of the disk left (a restart) is removed first.
     *
     * @return how long the job's creation took: the guest's disk requests wait at most that long
     */
    static Duration start(QmpClient qmp, Names names, Path destination) {
        clear(qmp, names);
        qmp.execute(QmpCommand.blockdevAdd(withoutFlushes(
                BlockNode.file(names.targetFileNode(), destination, false).toJson())));
        qmp.execute(QmpCommand.blockdevAdd(withoutFlushes(
                BlockNode.format("qcow2", names.targetNode(), names.targetFileNode(), false).toJson())));
        long before = System.nanoTime();
        qmp.execute(QmpCommand.blockdevBackup(names.jobId(), names.device(), names.targetNode()));
        return Duration.ofNanos(System.nanoTime() - before);
    }

    private static ObjectNode withoutFlushes(ObjectNode node) {
        node.putObject("cache").put("no-flush", true);
        return node;
    }

    /** Empty while the job runs; its outcome, an error message or none, once it has ended. */
    static Optional<Optional<String>> outcome(QmpClient qmp, Names names) {
        for (JsonNode job : qmp.execute(QmpCommand.queryJobs())) {
            if (names.jobId().equals(job.path("id").asText())) {
                if (!"concluded".equals(job.path("status").asText())) {
                    return Optional.empty();
                }
                return Optional.of(job.hasNonNull("error") ? Optional.of(job.get("error").asText()) : Optional.empty());
            }
        }
        return Optional.of(Optional.of("the backup job of " + names.device() + " disappeared"));
    }

    /** Ends the job (cancelling it if it still runs) and closes the target; the target file is the caller's. */
    static void clear(QmpClient qmp, Names names) {
        for (JsonNode job : qmp.execute(QmpCommand.queryJobs())) {
            if (names.jobId().equals(job.path("id").asText())) {
                String status = job.path("status").asText();
                if (!"concluded".equals(status) && !"null".equals(status)) {
                    qmp.execute(QmpCommand.jobCancel(names.jobId()));
                    awaitConcluded(qmp, names);
                }
                qmp.execute(QmpCommand.jobDismiss(names.jobId()));
            }
        }
        QemuBlockOperations.deleteNodesIfPresent(qmp, List.of(names.targetNode(), names.targetFileNode()));
    }

    private static void awaitConcluded(QmpClient qmp, Names names) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (outcome(qmp, names).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new HypervisorException(COMMAND_FAILED, "The backup job " + names.jobId() + " does not end");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HypervisorException(COMMAND_FAILED, "Interrupted cancelling " + names.jobId(), e);
            }
        }
    }
}
