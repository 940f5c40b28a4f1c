package org.stackbox.storage.block;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Turns a volume's backing chain, as qemu-img reports it, into the operator's view in Stackbox's terms. */
final class VolumeInspection {
    private VolumeInspection() {}

    /**
     * The parent is the first file down the chain that is not the volume's own: the volume's own snapshot and clone
     * nodes are layers of the volume itself, as RBD snapshots are of an RBD image.
     */
    static VolumeInfo describe(VolumeId volume, StoreLayout layout, List<QemuImageInfo> chain) {
        QemuImageInfo top = chain.get(0);
        Path ownDirectory = layout.volumeDirectory(volume);
        Optional<VolumeParent> parent = Optional.empty();
        for (QemuImageInfo node : chain.subList(1, chain.size())) {
            Path file = Path.of(node.filename()).toAbsolutePath().normalize();
            if (!file.getParent().equals(ownDirectory)) {
                long overlap = Math.min(top.virtualSize(), node.virtualSize());
                parent = Optional.of(parentOf(file, layout, overlap));
                break;
            }
        }
        return new VolumeInfo(
                volume,
                top.virtualSize(),
                top.format(),
                top.clusterSize().orElse(0L),
                top.actualSize(),
                parent,
                liveSnapshots(layout, ownDirectory),
                chain.size());
    }

    private static VolumeParent parentOf(Path file, StoreLayout layout, long overlap) {
        Optional<String> image = layout.baseImage(file);
        if (image.isPresent()) {
            return new VolumeParent(VolumeParent.Kind.IMAGE, image.get(), overlap);
        }
        String name = file.getFileName().toString();
        if (name.startsWith(StoreLayout.SNAPSHOT_PREFIX)) {
            return new VolumeParent(VolumeParent.Kind.SNAPSHOT,
                    StoreLayout.stem(file, StoreLayout.SNAPSHOT_PREFIX), overlap);
        }
        if (name.startsWith(StoreLayout.CLONE_PREFIX)) {
            VolumeId source = layout.owner(file)
                    .orElseThrow(() -> new IllegalStateException("clone node outside a volume directory: " + file));
            return new VolumeParent(VolumeParent.Kind.VOLUME, source.value(), overlap);
        }
        throw new IllegalStateException("unexpected file in a volume's backing chain: " + file);
    }

    private static List<SnapshotId> liveSnapshots(StoreLayout layout, Path ownDirectory) {
        return StoreLayout.list(ownDirectory).stream()
                .filter(StoreLayout::isStoreFile)
                .filter(file -> file.getFileName().toString().startsWith(StoreLayout.SNAPSHOT_PREFIX))
                .filter(StoreLayout::isQcow2)
                .filter(file -> !Files.exists(layout.unwantedMarker(file)))
                .map(file -> new SnapshotId(StoreLayout.stem(file, StoreLayout.SNAPSHOT_PREFIX)))
                .toList();
    }
}
