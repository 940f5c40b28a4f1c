package org.stackbox.compute;

import org.stackbox.common.ServiceException;
import org.stackbox.compute.model.ComputeFlavor;
import org.stackbox.image.spi.ImageDescription;
import org.stackbox.virt.ImageDiskFormat;
import org.stackbox.virt.ImageMeta;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Nova's rules for a create request that need nothing but the request, the flavor and the image. */
final class CreateRules {
    private CreateRules() {}

    /** The requested mappings, checked against the image: a local image disk needs imageRef, something must boot. */
    static List<RequestedMapping> withImageMapping(CreateServer request, Optional<ImageDescription> image) {
        List<RequestedMapping> mappings = new ArrayList<>();
        for (RequestedMapping mapping : request.blockDeviceMappings()) {
            if (mapping.isImageRootDisk() && image.isEmpty()) {
                throw ServiceException.invalid("Block Device Mapping is Invalid: a local image disk needs imageRef.");
            }
            if (mapping.isImageRootDisk() && mapping.uuid().isPresent()
                    && !mapping.uuid().get().equals(image.orElseThrow().id())) {
                throw ServiceException.invalid("Block Device Mapping is Invalid: the local image disk must be imageRef.");
            }
            mappings.add(mapping);
        }
        if (image.isEmpty() && mappings.stream().noneMatch(RequestedMapping::isBootDevice)) {
            throw ServiceException.invalid("Block Device Mapping is Invalid: Boot sequence for the instance and "
                    + "image/block device mapping combination is not valid.");
        }
        return mappings;
    }

    static void requireFlavorFits(ComputeFlavor flavor, ImageDescription image) {
        long flavorBytes = (long) flavor.diskGib() << 30;
        long imageBytes = image.virtualSize().orElse(image.size());
        if (flavor.diskGib() > 0 && imageBytes > flavorBytes) {
            throw ServiceException.invalid("Flavor's disk is too small for requested image. Flavor disk is %d bytes, "
                    + "image is %d bytes.", flavorBytes, imageBytes);
        }
        if (flavor.diskGib() > 0 && image.minDisk() > flavor.diskGib()) {
            throw ServiceException.invalid("Flavor's disk is too small for requested image.");
        }
        if (image.minRam() > flavor.memoryMib()) {
            throw ServiceException.invalid("Flavor's memory is too small for requested image.");
        }
    }

    static ImageMeta imageMeta(ImageDescription image) {
        return ImageMeta.fromProperties(image.id(), ImageDiskFormat.fromGlanceName(image.diskFormat().name()),
                image.properties());
    }
}
