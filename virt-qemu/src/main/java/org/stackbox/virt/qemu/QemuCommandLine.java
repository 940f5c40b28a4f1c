package org.stackbox.virt.qemu;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.stackbox.common.Json;
import org.stackbox.virt.DiskBus;
import org.stackbox.virt.DiskDevice;
import org.stackbox.virt.DiskFiles;
import org.stackbox.virt.DomainSpec;
import org.stackbox.virt.NetworkInterface;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * The QEMU command line for a domain, as an argument list (never a shell string): block nodes and devices as JSON
 * written by Jackson, explicit image formats, per-device boot indexes with {@code -boot strict=on} (only devices with a
 * boot index boot, as libvirt does), no default devices, QMP, VNC and the serial console on Unix sockets in the
 * domain's run directory, and on each user-mode card the guest's way to the metadata service ({@link MetadataForward}).
 * <p>The machine is {@code pc} (i440fx) unless the spec says {@code q35}: its built-in IDE controller carries
 * {@code hda}-{@code hdd}, the devices the article's {@code domblklist} shows (the ISO and the config drive).
 */
public final class QemuCommandLine {
    private QemuCommandLine() {}

    public static List<String> build(Path qemuBinary, DomainSpec spec, DiskFiles files, RunDirectory directory,
                                     Accelerator accelerator) {
        requireNonNull(qemuBinary, "qemuBinary is null");
        requireNonNull(spec, "spec is null");
        requireNonNull(files, "files is null");
        requireNonNull(directory, "directory is null");
        requireNonNull(accelerator, "accelerator is null");
        files.requireComplete(spec);

        List<String> arguments = new ArrayList<>();
        arguments.add(qemuBinary.toString());
        // The server's id in process listings and in QEMU's own messages; the UUID is what the guest reads from SMBIOS.
        add(arguments, "-name", "guest=" + spec.serverId());
        if (isUuid(spec.serverId())) {
            add(arguments, "-uuid", spec.serverId());
        }
        // No devices but the ones listed here (no default NIC, VGA, floppy, CD-ROM or parallel port), and no
        // configuration file from the host: the spec alone decides what the guest sees.
        arguments.add("-nodefaults");
        arguments.add("-no-user-config");
        add(arguments, "-machine", spec.machineType().name().toLowerCase(Locale.ROOT));
        add(arguments, "-accel", accelerator.qemuName());
        add(arguments, "-cpu", accelerator.cpuModel());
        add(arguments, "-m", Integer.toString(spec.memoryMib()));
        add(arguments, "-smp", Integer.toString(spec.vcpus()));
        // No window: the screen is served over VNC below.
        add(arguments, "-display", "none");
        // QMP, the driver's only way in; wait=off lets QEMU start without a client, which connects once it listens.
        add(arguments, "-chardev", "socket,id=qmp,path=" + directory.qmpSocket() + ",server=on,wait=off");
        add(arguments, "-mon", "chardev=qmp,mode=control");
        // How Stackbox finds the process again after its own restart (see QemuProcess).
        add(arguments, "-pidfile", directory.pidFile().toString());
        // Times on QEMU's messages in qemu.log, to match them with Stackbox's log.
        add(arguments, "-msg", "timestamp=on");
        // Only devices with a bootindex boot, in that order; nothing else is tried (libvirt's behaviour). A card that
        // is not in the order gets no option ROM (QemuNetworkCards), so no iPXE runs before the disk boots.
        add(arguments, "-boot", "strict=on");
        if (spec.consoles().vnc()) {
            // The VNC console: a standard VGA card (its BIOS sets text mode for boot loaders) on a Unix socket that
            // only the console proxy opens.
            add(arguments, "-vnc", "unix:" + directory.vncSocket());
            device(arguments, GuestDevice.builder("VGA", "video0").build());
        }
        if (spec.consoles().serial()) {
            // COM1 on a socket for the interactive serial console, also logged to a file for os-getConsoleOutput.
            add(arguments, "-chardev", "socket,id=serial0,path=" + directory.serialSocket()
                    + ",server=on,wait=off,logfile=" + directory.serialLog() + ",logappend=on");
            device(arguments, GuestDevice.builder("isa-serial", "serial0").property("chardev", "serial0").build());
        }
        if (spec.guestAgent()) {
            // The QEMU guest agent's channel: a virtio serial port the guest knows by name, on a socket Stackbox
            // connects to when it has something for the agent (libvirt's org.qemu.guest_agent.0 channel).
            add(arguments, "-chardev", "socket,id=agent0,path=" + directory.guestAgentSocket() + ",server=on,wait=off");
            device(arguments, GuestDevice.builder("virtio-serial-pci", "virtio-serial0").build());
            device(arguments, GuestDevice.builder("virtserialport", "channel0").property("chardev", "agent0")
                    .property("name", "org.qemu.guest_agent.0").build());
        }
        Set<DiskBus> buses = new LinkedHashSet<>();
        spec.disks().forEach(disk -> buses.add(disk.bus()));
        // Disks as two block nodes each (file, then format: formats are explicit, never probed) under their guest
        // device, whose id is the target name (vda, hdd, ...).
        for (DiskBus bus : buses) {
            QemuDisks.controller(bus, spec.machineType()).ifPresent(controller -> device(arguments, controller));
        }
        for (DiskDevice disk : spec.disks()) {
            if (disk.hasMedium()) {
                for (BlockNode node : QemuDisks.blockNodes(disk, files.requireFileFor(disk.source()))) {
                    add(arguments, "-blockdev", Json.write(node.toJson()));
                }
            }
            device(arguments, QemuDisks.guestDevice(disk, spec.machineType()));
        }
        // Network cards: a user-mode network each (QemuNetworkCards says why).
        for (NetworkInterface card : spec.networkInterfaces()) {
            add(arguments, "-netdev", Json.write(QemuNetworkCards.netdev(card, directory.metadataSocket())));
            device(arguments, QemuNetworkCards.device(card));
        }
        return List.copyOf(arguments);
    }

    private static void device(List<String> arguments, GuestDevice device) {
        add(arguments, "-device", Json.write(device.toJson()));
    }

    private static void add(List<String> arguments, String option, String value) {
        arguments.add(option);
        arguments.add(value);
    }

    private static boolean isUuid(String value) {
        try {
            return UUID.fromString(value).toString().equalsIgnoreCase(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
