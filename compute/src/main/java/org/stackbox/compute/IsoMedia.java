package org.stackbox.compute;

import org.stackbox.common.auth.Caller;
import org.stackbox.common.ServiceException;
import org.stackbox.compute.model.Server;
import org.stackbox.compute.model.ServerAction;
import org.stackbox.compute.model.ServerVolume;
import org.stackbox.compute.store.ServerVolumeRepository;
import org.stackbox.image.spi.ImageDescription;
import org.stackbox.image.spi.Images;
import org.stackbox.virt.CdromDrives;
import org.stackbox.virt.DeviceType;
import org.stackbox.virt.DiskDevice;
import org.stackbox.virt.DiskFile;
import org.stackbox.virt.DiskSource;
import org.stackbox.virt.DomainSpec;
import org.stackbox.virt.Hypervisor;
import org.stackbox.virt.HypervisorException;
import org.stackbox.volume.spi.Volumes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Stackbox's installer media, which Nova lacks: ejecting an ISO so that the server boots the system installed on its
 * volume (same server, id, addresses and volume, no delete and recreate), and putting an ISO into a CD-ROM drive of
 * an existing server (a drivers disc beside the installer, or a new installer). Each change is applied to the
 * domain on the server's serial executor and kept in the server's stored domain, so a restart or a reconcile keeps it.
 */
public final class IsoMedia {
    /** The drives after a change, and which disks boot in which order. */
    public record Drives(String serverId, List<DiskDevice> disks) {
        public Drives {
            disks = List.copyOf(disks);
        }
    }

    private final ServerTransitions transitions;
    private final ServerVolumeRepository serverVolumes;
    private final Images images;
    private final Volumes volumes;
    private final ServerDisks disks;
    private final Hypervisor hypervisor;

    IsoMedia(ServerVolumeRepository serverVolumes, Images images, Volumes volumes, ServerDisks disks,
             Hypervisor hypervisor, ServerTransitions transitions) {
        this.transitions = requireNonNull(transitions, "transitions is null");
        this.serverVolumes = requireNonNull(serverVolumes, "serverVolumes is null");
        this.images = requireNonNull(images, "images is null");
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.disks = requireNonNull(disks, "disks is null");
        this.hypervisor = requireNonNull(hypervisor, "hypervisor is null");
    }

    /**
     * Takes the ISO out of {@code drive}, or out of every drive holding one. A drive that booted leaves the boot
     * order; when nothing else boots, the first volume does (and is marked bootable, and becomes the server's root
     * volume), so that the next boot starts the installed system. With {@code force}, a tray the guest locked is
     * opened all the same.
     *
     * @throws ServiceException conflict when no drive holds an ISO, or the guest keeps the tray locked and {@code force} is
     *     false
     */
    public Drives eject(Caller caller, String serverId, Optional<String> drive, boolean force) {
        Server server = transitions.begin(caller, serverId, ServerAction.EJECT_ISO);
        return applied(caller, server, ServerAction.EJECT_ISO, () -> {
            DomainSpec before = hypervisor.definition(serverId);
            List<DiskDevice> loaded = CdromDrives.withIso(before).stream()
                    .filter(disk -> drive.map(target -> target.equals(disk.target())).orElse(true))
                    .toList();
            if (loaded.isEmpty()) {
                throw ServiceException.conflict("Server %s has no ISO to eject%s.", serverId,
                        drive.map(target -> " in " + target).orElse(""));
            }
            List<String> ejected = new ArrayList<>();
            for (DiskDevice disk : loaded) {
                try {
                    hypervisor.ejectMedium(serverId, disk.target(), force);
                } catch (HypervisorException e) {
                    if (e.error() == HypervisorException.Error.DEVICE_BUSY) {
                        throw ServiceException.conflict("The guest keeps the tray of %s locked; eject with force to "
                                + "take the disc out all the same.", disk.target());
                    }
                    throw e;
                }
                ejected.add(disk.target());
                ServerBuilder.quietly(() -> disks.deleteMedium(serverId, disk.source()));
            }
            List<String> bootOrder = CdromDrives.bootOrderAfterEject(before, ejected);
            hypervisor.setBootOrder(serverId, bootOrder);
            if (!bootOrder.isEmpty()) {
                makeRootVolume(caller, serverId, before.disk(bootOrder.get(0)).orElseThrow());
            }
            return saved(serverId);
        });
    }

    /**
     * Puts the ISO image into {@code drive}, else into the first empty CD-ROM drive, else into a new drive (IDE
     * while the server is off, SCSI while it runs). What the drive held before is taken out.
     *
     * @throws ServiceException invalid when the image is not an active ISO the caller may see, or the drive is not a CD-ROM
     *     drive that may take one (the config drive may not)
     */
    public Drives insert(Caller caller, String serverId, String imageId, Optional<String> drive) {
        Server server = transitions.begin(caller, serverId, ServerAction.INSERT_ISO);
        ImageDescription image = images.findActive(caller, imageId).orElseThrow(() ->
                ServiceException.invalid("Image %s could not be found or is not active.", imageId));
        if (!image.isIso()) {
            throw ServiceException.invalid("Image %s is not an ISO (disk_format %s): only an ISO goes into a CD-ROM "
                    + "drive; attach a volume made from it instead.", imageId,
                    image.diskFormat().name().toLowerCase(java.util.Locale.ROOT));
        }
        Path imageFile = images.localFile(imageId).orElseThrow(() ->
                ServiceException.invalid("Image %s has no local data.", imageId));
        return applied(caller, server, ServerAction.INSERT_ISO, () -> {
            DomainSpec spec = hypervisor.definition(serverId);
            DiskSource medium = new DiskSource.Image(imageId);
            Optional<DiskDevice> existing = drive.isPresent()
                    ? Optional.of(requireIsoDrive(spec, drive.get()))
                    : CdromDrives.firstEmpty(spec);
            if (existing.map(disk -> disk.source().equals(medium)).orElse(false)) {
                return saved(serverId);
            }
            if (spec.diskWithSource(medium).isPresent()) {
                throw ServiceException.conflict("Image %s is already in drive %s.", imageId,
                        spec.diskWithSource(medium).get().target());
            }
            DiskFile file = disks.createMedium(serverId, image, imageFile);
            try {
                if (existing.isPresent()) {
                    hypervisor.changeMedium(serverId, existing.get().target(), medium, file);
                    DiskSource previous = existing.get().source();
                    ServerBuilder.quietly(() -> disks.deleteMedium(serverId, previous));
                } else {
                    boolean running = hypervisor.state(serverId).hasProcess();
                    hypervisor.attachDisk(serverId, CdromDrives.newDrive(spec, medium, running), file);
                }
            } catch (RuntimeException e) {
                ServerBuilder.quietly(() -> disks.deleteMedium(serverId, medium));
                throw e;
            }
            return saved(serverId);
        });
    }

    private DiskDevice requireIsoDrive(DomainSpec spec, String target) {
        DiskDevice disk = spec.disk(target).orElseThrow(() ->
                ServiceException.invalid("Server %s has no drive %s.", spec.serverId(), target));
        if (disk.deviceType() != DeviceType.CDROM || CdromDrives.isConfigDrive(disk)) {
            throw ServiceException.invalid("%s is not a CD-ROM drive that takes an ISO.", target);
        }
        return disk;
    }

    private void makeRootVolume(Caller caller, String serverId, DiskDevice bootDisk) {
        if (!(bootDisk.source() instanceof DiskSource.Volume volume)) {
            return;
        }
        for (ServerVolume attached : serverVolumes.forServer(serverId)) {
            Integer bootIndex = attached.volumeId().equals(volume.volumeId()) ? Integer.valueOf(0) : null;
            if (!java.util.Objects.equals(bootIndex, attached.bootIndex())) {
                serverVolumes.update(attached.withBootIndex(bootIndex));
            }
        }
        volumes.setBootable(caller, volume.volumeId(), true);
    }

    private Drives saved(String serverId) {
        transitions.saveDomainSpec(serverId);
        return new Drives(serverId, hypervisor.definition(serverId).disks());
    }

    private interface Change {
        Drives apply();
    }

    private Drives applied(Caller caller, Server server, ServerAction action, Change change) {
        return transitions.runChecked(caller, server, action, "compute_" + action.novaName(), change::apply);
    }
}
