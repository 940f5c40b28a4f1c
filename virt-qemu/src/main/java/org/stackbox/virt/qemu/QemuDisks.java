package org.stackbox.virt.qemu;

import org.stackbox.virt.DeviceType;
import org.stackbox.virt.DiskBus;
import org.stackbox.virt.DiskDevice;
import org.stackbox.virt.DiskFile;
import org.stackbox.virt.MachineType;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a {@link DiskDevice} appears to QEMU, the same on the command line and when hot-plugged: two block nodes (the
 * file, and the image format on it) and a guest device whose id is the target name. The target decides the address:
 * {@code hda} is IDE channel 0 master, {@code hdb} its slave, {@code hdc} and {@code hdd} channel 1; {@code sdX} is
 * the X-th SATA port or SCSI id.
 */
public final class QemuDisks {
    /** The virtio-scsi controller's id, present when a SCSI device is. */
    public static final String SCSI_CONTROLLER = "scsi0";
    /** The AHCI controller added on machine {@code pc}; {@code q35} has its own. */
    public static final String SATA_CONTROLLER = "sata0";
    /** The USB 3 controller, present when a USB device is. */
    public static final String USB_CONTROLLER = "usb0";

    private QemuDisks() {}

    public static String fileNodeName(String target) { return "file-" + target; }

    public static String formatNodeName(String target) { return "disk-" + target; }

    /** The file node then the format node; empty for an empty CD-ROM drive. */
    public static List<BlockNode> blockNodes(DiskDevice device, DiskFile file) {
        String format = file.format().name().toLowerCase(Locale.ROOT);
        return List.of(
                BlockNode.file(fileNodeName(device.target()), file.path(), device.readOnly()),
                BlockNode.format(format, formatNodeName(device.target()), fileNodeName(device.target()),
                        device.readOnly()));
    }

    public static GuestDevice guestDevice(DiskDevice device, MachineType machine) {
        boolean cdrom = device.deviceType() == DeviceType.CDROM;
        int index = device.targetIndex();
        GuestDevice.Builder builder = switch (device.bus()) {
            case VIRTIO -> GuestDevice.builder("virtio-blk-pci", device.target());
            case IDE -> GuestDevice.builder(cdrom ? "ide-cd" : "ide-hd", device.target())
                    .property("bus", "ide." + index / 2)
                    .property("unit", index % 2);
            case SATA -> GuestDevice.builder(cdrom ? "ide-cd" : "ide-hd", device.target())
                    .property("bus", (machine == MachineType.Q35 ? "ide." : SATA_CONTROLLER + ".") + index);
            case SCSI -> GuestDevice.builder(cdrom ? "scsi-cd" : "scsi-hd", device.target())
                    .property("bus", SCSI_CONTROLLER + ".0")
                    .property("channel", 0)
                    .property("scsi-id", index)
                    .property("lun", 0);
            case USB -> GuestDevice.builder("usb-storage", device.target())
                    .property("bus", USB_CONTROLLER + ".0");
        };
        if (device.hasMedium()) {
            builder.property("drive", formatNodeName(device.target()));
        }
        if (device.bootIndex() != null) {
            builder.property("bootindex", device.bootIndex());
        }
        return builder.build();
    }

    /** The controller a bus needs on this machine, if it is not built in. */
    public static Optional<GuestDevice> controller(DiskBus bus, MachineType machine) {
        return switch (bus) {
            case VIRTIO, IDE -> Optional.empty();
            case SATA -> machine == MachineType.Q35
                    ? Optional.empty()
                    : Optional.of(GuestDevice.builder("ahci", SATA_CONTROLLER).build());
            case SCSI -> Optional.of(GuestDevice.builder("virtio-scsi-pci", SCSI_CONTROLLER).build());
            case USB -> Optional.of(GuestDevice.builder("qemu-xhci", USB_CONTROLLER).build());
        };
    }
}
