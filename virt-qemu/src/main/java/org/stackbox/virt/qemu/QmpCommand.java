package org.stackbox.virt.qemu;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.stackbox.common.Json;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * One QMP command with its arguments and how long QEMU may take to answer it. The timeout is data on the command:
 * each factory below says what its command is allowed.
 */
public record QmpCommand(String name, ObjectNode arguments, Duration timeout) {
    private static final Duration QUICK = Duration.ofSeconds(5);
    private static final Duration BLOCK_LAYER = Duration.ofSeconds(15);

    public QmpCommand {
        requireNonNull(name, "name is null");
        arguments = requireNonNull(arguments, "arguments is null").deepCopy();
        requireNonNull(timeout, "timeout is null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    public static QmpCommand capabilities() { return simple("qmp_capabilities", QUICK); }

    public static QmpCommand queryStatus() { return simple("query-status", QUICK); }

    public static QmpCommand queryBlock() { return simple("query-block", QUICK); }

    public static QmpCommand systemPowerdown() { return simple("system_powerdown", QUICK); }

    public static QmpCommand systemReset() { return simple("system_reset", QUICK); }

    public static QmpCommand quit() { return simple("quit", QUICK); }

    public static QmpCommand stop() { return simple("stop", QUICK); }

    public static QmpCommand cont() { return simple("cont", QUICK); }

    /** Starts an outgoing migration of the machine's state to {@code uri}; it runs on after the answer. */
    public static QmpCommand migrate(String uri) {
        return new QmpCommand("migrate", Json.object().put("uri", uri), QUICK);
    }

    /** On a QEMU started with {@code -incoming defer}: receives the machine's state from {@code uri}. */
    public static QmpCommand migrateIncoming(String uri) {
        return new QmpCommand("migrate-incoming", Json.object().put("uri", uri), QUICK);
    }

    /** The state of the outgoing migration, or on a receiving QEMU of the incoming one. */
    public static QmpCommand queryMigrate() { return simple("query-migrate", QUICK); }

    /** Sets the migration's bandwidth limit, in bytes per second. */
    public static QmpCommand migrateMaxBandwidth(long bytesPerSecond) {
        return new QmpCommand("migrate-set-parameters", Json.object().put("max-bandwidth", bytesPerSecond), QUICK);
    }

    public static QmpCommand migrateCancel() { return simple("migrate_cancel", QUICK); }

    /** Lists the children of a QOM path, e.g. {@code /machine/peripheral} for the devices with ids. */
    public static QmpCommand qomList(String path) {
        return new QmpCommand("qom-list", Json.object().put("path", path), QUICK);
    }

    /** Sets a device property at run time (such as a disk's {@code bootindex}, which the firmware reads at reset). */
    public static QmpCommand qomSet(String path, String property, int value) {
        return new QmpCommand("qom-set", Json.object().put("path", path).put("property", property).put("value", value),
                QUICK);
    }

    /** Adds a block node; opening an image file may take a moment on slow storage. */
    public static QmpCommand blockdevAdd(ObjectNode node) {
        return new QmpCommand("blockdev-add", node, BLOCK_LAYER);
    }

    public static QmpCommand blockdevDel(String nodeName) {
        return new QmpCommand("blockdev-del", Json.object().put("node-name", nodeName), BLOCK_LAYER);
    }

    public static QmpCommand deviceAdd(ObjectNode device) {
        return new QmpCommand("device_add", device, QUICK);
    }

    /** Asks for a device's removal; the guest may take its time, which {@code DEVICE_DELETED} reports. */
    public static QmpCommand deviceDel(String id) {
        return new QmpCommand("device_del", Json.object().put("id", id), QUICK);
    }

    /** Adds a network backend, e.g. a user-mode network with its forwards (which bind host ports at once). */
    public static QmpCommand netdevAdd(ObjectNode netdev) {
        return new QmpCommand("netdev_add", netdev, QUICK);
    }

    public static QmpCommand netdevDel(String id) {
        return new QmpCommand("netdev_del", Json.object().put("id", id), QUICK);
    }

    public static QmpCommand blockdevOpenTray(String id, boolean force) {
        return new QmpCommand("blockdev-open-tray", Json.object().put("id", id).put("force", force), QUICK);
    }

    public static QmpCommand blockdevCloseTray(String id) {
        return new QmpCommand("blockdev-close-tray", Json.object().put("id", id), QUICK);
    }

    public static QmpCommand blockdevRemoveMedium(String id) {
        return new QmpCommand("blockdev-remove-medium", Json.object().put("id", id), QUICK);
    }

    public static QmpCommand blockdevInsertMedium(String id, String nodeName) {
        return new QmpCommand("blockdev-insert-medium", Json.object().put("id", id).put("node-name", nodeName),
                QUICK);
    }

    /** The block nodes, each once ({@code flat}), with their names: what a clean-up checks before deleting. */
    public static QmpCommand queryNamedBlockNodes() {
        return new QmpCommand("query-named-block-nodes", Json.object().put("flat", true), QUICK);
    }

    /**
     * Starts a backup job copying everything {@code device} holds, as it is now, into the node {@code target}; the job
     * stays listed once it ends ({@code auto-dismiss} off) so that its outcome can be read.
     */
    public static QmpCommand blockdevBackup(String jobId, String device, String target) {
        return new QmpCommand("blockdev-backup", Json.object().put("job-id", jobId).put("device", device)
                .put("target", target).put("sync", "full").put("auto-dismiss", false), BLOCK_LAYER);
    }

    public static QmpCommand queryJobs() { return simple("query-jobs", QUICK); }

    public static QmpCommand jobCancel(String id) {
        return new QmpCommand("job-cancel", Json.object().put("id", id), QUICK);
    }

    public static QmpCommand jobDismiss(String id) {
        return new QmpCommand("job-dismiss", Json.object().put("id", id), QUICK);
    }

    /** A command read by a human operator through the human monitor, e.g. {@code info registers}. */
    public static QmpCommand humanMonitor(String commandLine) {
        return new QmpCommand("human-monitor-command", Json.object().put("command-line", commandLine), QUICK);
    }

    private static QmpCommand simple(String name, Duration timeout) {
        return new QmpCommand(name, Json.object(), timeout);
    }
}
