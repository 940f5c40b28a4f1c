package org.stackbox.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stackbox.storage.block.BlockStore;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * The copies the block stores prepare from images (the bases of volumes, and of servers' root disks): released
 * when their image is deleted, each freed by its store once no volume or disk still needs it. A start releases the
 * copies of images deleted while Stackbox was not there to do it (a crash between the two steps).
 */
final class ImageCopies implements Consumer<String> {
    private static final Logger LOG = LoggerFactory.getLogger(ImageCopies.class);

    private final List<BlockStore> stores;
    private final Predicate<String> imageExists;

    ImageCopies(List<BlockStore> stores, Predicate<String> imageExists) {
        this.stores = List.copyOf(stores);
        this.imageExists = requireNonNull(imageExists, "imageExists is null");
    }

    /** The image is deleted: what each store prepared from it goes once nothing depends on it. */
    @Override
    public void accept(String imageId) {
        for (BlockStore store : stores) {
            store.releaseImage(imageId);
        }
    }

    /** Releases the copies whose image is gone; returns how many. */
    int releaseOrphans() {
        int released = 0;
        for (BlockStore store : stores) {
            for (String imageId : store.preparedImages()) {
                if (!imageExists.test(imageId)) {
                    store.releaseImage(imageId);
                    released++;
                }
            }
        }
        if (released > 0) {
            LOG.info("Released {} copies of deleted images", released);
        }
        return released;
    }
}
