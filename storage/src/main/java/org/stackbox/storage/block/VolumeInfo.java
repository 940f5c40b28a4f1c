package org.stackbox.storage.block;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The operator's view of a volume (what {@code rbd info} shows on Ceph).
 *
 * @param sizeBytes the virtual size the server sees
 * @param format the format of the volume's own file ({@code qcow2} for the local store)
 * @param clusterSizeBytes the allocation unit (qcow2 cluster; RBD object size)
 * @param allocatedBytes host bytes of the volume's own writable layer; shared layers (base, snapshots) not counted
 * @param parent what the volume was made from, if it is a copy-on-write child
 * @param snapshots the volume's live snapshots
 * @param chainLength how many files QEMU opens for this volume, the volume's own file included
 */
public record VolumeInfo(
        VolumeId volume,
        long sizeBytes,
        String format,
        long clusterSizeBytes,
        long allocatedBytes,
        Optional<VolumeParent> parent,
        List<SnapshotId> snapshots,
        int chainLength) {

    public VolumeInfo {
        requireNonNull(volume, "volume is null");
        requireNonNull(format, "format is null");
        requireNonNull(parent, "parent is null");
        snapshots = List.copyOf(requireNonNull(snapshots, "snapshots is null"));
    }
}
