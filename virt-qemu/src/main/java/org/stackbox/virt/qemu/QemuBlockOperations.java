package org.stackbox.virt.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import org.stackbox.virt.BlockDeviceEntry;
import org.stackbox.virt.DiskDevice;
import org.stackbox.virt.DiskFile;
import org.stackbox.virt.DiskFiles;
import org.stackbox.virt.DomainSpec;
import org.stackbox.virt.HypervisorException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The QMP sequences that change a running guest's block devices: hot-plug ({@code blockdev-add} then
 * {@code device_add}), unplug ({@code device_del}, {@code DEVICE_DELETED}, {@code blockdev-del}), CD-ROM media
 * (open the tray, remove and delete the old medium, add and insert the new one, close the tray), and the block
 * device list from {@code query-block}. Each either completes or leaves the guest as it was.
 */
final class QemuBlockOperations {
    private QemuBlockOperations() {}

    static void hotPlug(QmpClient qmp, DomainSpec spec, DiskDevice device, DiskFile file) {
        QemuDisks.controller(device.bus(), spec.machineType()).ifPresent(controller -> {
            if (!peripheralIds(qmp).contains(controller.id())) {
                qmp.execute(QmpCommand.deviceAdd(controller.toJson()));
            }
        });
        List<String> added = addNodes(qmp, device, file);
        try {
            qmp.execute(QmpCommand.deviceAdd(QemuDisks.guestDevice(device, spec.machineType()).toJson()));
        } catch (QmpException e) {
            deleteNodes(qmp, added);
            throw e;
        }
    }

    /** Asks the guest to release the device; false if it did not within {@code timeout}. */
    static boolean unplug(QmpClient qmp, DiskDevice device, Duration timeout) {
        boolean stillThere = true;
        try {
            qmp.execute(QmpCommand.deviceDel(device.target()));
        } catch (QmpException e) {
            if (!"DeviceNotFound".equals(e.errorClass())) {
                throw e;
            }
            // Released after an earlier attempt timed out: only the block nodes are left to delete.
            stillThere = false;
        }
        if (stillThere && qmp.awaitEvent(event -> event.name().equals("DEVICE_DELETED")
                && device.target().equals(event.data().path("device").asText()), timeout).isEmpty()) {
            return false;
        }
        if (device.hasMedium()) {
            deleteNodesIfPresent(qmp, device.target());
        }
        return true;
    }

    static void insertMedium(QmpClient qmp, DiskDevice drive, DiskFile file) {
        qmp.execute(QmpCommand.blockdevOpenTray(drive.target(), false));
        List<String> added = addNodes(qmp, drive, file);
        try {
            qmp.execute(QmpCommand.blockdevInsertMedium(drive.target(), QemuDisks.formatNodeName(drive.target())));
        } catch (QmpException e) {
            deleteNodes(qmp, added);
            throw e;
        }
        qmp.execute(QmpCommand.blockdevCloseTray(drive.target()));
    }

    /** Takes the medium out of the drive and closes the empty tray; a tray the guest locked needs {@code force}. */
    static void removeMedium(QmpClient qmp, DiskDevice drive, boolean force) {
        qmp.execute(QmpCommand.blockdevOpenTray(drive.target(), force));
        try {
            qmp.execute(QmpCommand.blockdevRemoveMedium(drive.target()));
        } catch (QmpException e) {
            throw new HypervisorException(HypervisorException.Error.DEVICE_BUSY,
                    "The guest keeps the tray of " + drive.target() + " locked: " + e.getMessage(), e);
        }
        deleteNodesIfPresent(qmp, drive.target());
        qmp.execute(QmpCommand.blockdevCloseTray(drive.target()));
    }

    /** The running guest's devices in the definition's order, sources named as the definition names them. */
    static List<BlockDeviceEntry> blockDevices(QmpClient qmp, DomainSpec spec, DiskFiles files) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (JsonNode entry : qmp.execute(QmpCommand.queryBlock())) {
            String target = deviceId(entry.path("qdev").asText());
            JsonNode inserted = entry.path("inserted");
            String source = "-";
            if (!inserted.isMissingNode()) {
                String path = inserted.path("file").asText();
                source = files.sourceNameOf(Path.of(path)).orElse(path);
            }
            sources.put(target, source);
        }
        List<BlockDeviceEntry> entries = new ArrayList<>();
        for (DiskDevice disk : spec.disks()) {
            String source = sources.remove(disk.target());
            if (source != null) {
                entries.add(new BlockDeviceEntry(disk.target(), source));
            }
        }
        sources.forEach((target, source) -> entries.add(new BlockDeviceEntry(target, source)));
        return entries;
    }

    private static List<String> addNodes(QmpClient qmp, DiskDevice device, DiskFile file) {
        List<String> added = new ArrayList<>();
        try {
            for (BlockNode node : QemuDisks.blockNodes(device, file)) {
                qmp.execute(QmpCommand.blockdevAdd(node.toJson()));
                added.add(0, node.nodeName());
            }
        } catch (QmpException e) {
            deleteNodes(qmp, added);
            throw e;
        }
        return added;
    }

    private static void deleteNodesIfPresent(QmpClient qmp, String target) {
        deleteNodesIfPresent(qmp, List.of(QemuDisks.formatNodeName(target), QemuDisks.fileNodeName(target)));
    }

    /** Deletes those of the nodes (each before the node it reads) that QEMU has. */
    static void deleteNodesIfPresent(QmpClient qmp, List<String> nodeNames) {
        Set<String> present = new HashSet<>();
        for (JsonNode node : qmp.execute(QmpCommand.queryNamedBlockNodes())) {
            present.add(node.path("node-name").asText());
        }
        for (String name : nodeNames) {
            if (present.contains(name)) {
                qmp.execute(QmpCommand.blockdevDel(name));
            }
        }
    }

    /** Deletes nodes on the way back from a failed change; a node that will not go changes nothing more. */
    private static void deleteNodes(QmpClient qmp, List<String> nodeNames) {
        for (String name : nodeNames) {
            try {
                qmp.execute(QmpCommand.blockdevDel(name));
            } catch (QmpException ignored) {
                // The original failure is what the caller needs to see.
            }
        }
    }

    private static Set<String> peripheralIds(QmpClient qmp) {
        Set<String> ids = new HashSet<>();
        for (JsonNode child : qmp.execute(QmpCommand.qomList("/machine/peripheral"))) {
            ids.add(child.path("name").asText());
        }
        return ids;
    }

    /** {@code /machine/peripheral/vda/virtio-backend} and {@code vda} both name device {@code vda}. */
    static String deviceId(String qdev) {
        String prefix = "/machine/peripheral/";
        if (qdev.startsWith(prefix)) {
            String rest = qdev.substring(prefix.length());
            int slash = rest.indexOf('/');
            return slash < 0 ? rest : rest.substring(0, slash);
        }
        return qdev;
    }
}
