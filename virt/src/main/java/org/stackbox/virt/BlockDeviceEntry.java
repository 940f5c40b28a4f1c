package org.stackbox.virt;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** One line of the operator's block device list: the guest's target and what backs it. */
public record BlockDeviceEntry(String target, String source) {
    public BlockDeviceEntry {
        requireNonNull(target, "target is null");
        requireNonNull(source, "source is null");
    }

    /** The list as {@code virsh domblklist} prints it: {@code Target Source}, a rule, one device per line. */
    public static String table(List<BlockDeviceEntry> entries) {
        StringBuilder table = new StringBuilder();
        table.append(String.format(" %-8s %s%n", "Target", "Source"));
        table.append("------------------------------------------------").append(System.lineSeparator());
        for (BlockDeviceEntry entry : entries) {
            table.append(String.format(" %-8s %s%n", entry.target(), entry.source()));
        }
        return table.toString();
    }
}
