package org.stackbox.virt;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import static org.stackbox.virt.BlockDeviceMapping.requireSafeId;

/**
 * What backs a device, named without paths: the storage layer resolves each source to a file (or RBD image), and
 * {@link #name()} is what the operator's block device list prints, as {@code virsh domblklist} shows it in the
 * article ({@code <server-id>_disk}, {@code <server-id>_disk.config}, {@code volume-<id>}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = DiskSource.RootDisk.class, name = "root-disk"),
        @JsonSubTypes.Type(value = DiskSource.EphemeralDisk.class, name = "ephemeral-disk"),
        @JsonSubTypes.Type(value = DiskSource.ConfigDrive.class, name = "config-drive"),
        @JsonSubTypes.Type(value = DiskSource.Volume.class, name = "volume"),
        @JsonSubTypes.Type(value = DiskSource.Image.class, name = "image"),
        @JsonSubTypes.Type(value = DiskSource.NoMedium.class, name = "no-medium")
})
public sealed interface DiskSource {
    /** The name the block device list shows. */
    String name();

    /** The server's own copy-on-write clone of its image: {@code <server-id>_disk}. */
    record RootDisk(String serverId) implements DiskSource {
        public RootDisk { requireSafeId(serverId, "server id"); }

        @Override public String name() { return serverId + "_disk"; }
    }

    /** A blank local disk made for the server: {@code <server-id>_disk.eph<index>}. */
    record EphemeralDisk(String serverId, int index) implements DiskSource {
        public EphemeralDisk {
            requireSafeId(serverId, "server id");
            if (index < 0) {
                throw new IllegalArgumentException("index must not be negative: " + index);
            }
        }

        @Override public String name() { return serverId + "_disk.eph" + index; }
    }

    /** The ISO 9660 config drive (label {@code config-2}): {@code <server-id>_disk.config}. */
    record ConfigDrive(String serverId) implements DiskSource {
        public ConfigDrive { requireSafeId(serverId, "server id"); }

        @Override public String name() { return serverId + "_disk.config"; }
    }

    /** A block storage volume: {@code volume-<volume-id>}. */
    record Volume(String volumeId) implements DiskSource {
        public Volume { requireSafeId(volumeId, "volume id"); }

        @Override public String name() { return "volume-" + volumeId; }
    }

    /** An image used as it is, read-only (an ISO put into a CD-ROM drive later): {@code image-<image-id>}. */
    record Image(String imageId) implements DiskSource {
        public Image { requireSafeId(imageId, "image id"); }

        @Override public String name() { return "image-" + imageId; }
    }

    /** An empty CD-ROM drive (after an eject); {@code -} as virsh prints it. */
    record NoMedium() implements DiskSource {
        @Override public String name() { return "-"; }
    }
}
