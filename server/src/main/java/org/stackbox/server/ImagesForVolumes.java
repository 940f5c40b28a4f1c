package org.stackbox.server;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.stackbox.common.auth.Caller;
import org.stackbox.common.ServiceException;
import org.stackbox.image.Image;
import org.stackbox.image.ImageService;
import org.stackbox.image.ImageStatus;
import org.stackbox.image.ImageTransfers;
import org.stackbox.image.PatchOperation;
import org.stackbox.image.spi.Images;
import org.stackbox.volume.VolumeImages;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The image service as the volume service needs it: images to make volumes from, and upload-to-image. */
final class ImagesForVolumes implements VolumeImages {
    private final Images images;
    private final ImageService service;
    private final ImageTransfers transfers;

    ImagesForVolumes(Images images, ImageService service, ImageTransfers transfers) {
        this.images = requireNonNull(images, "images is null");
        this.service = requireNonNull(service, "service is null");
        this.transfers = requireNonNull(transfers, "transfers is null");
    }

    @Override
    public SourceImage find(Caller caller, String imageId) {
        Image image = service.get(caller, imageId);
        if (image.status() != ImageStatus.ACTIVE) {
            throw ServiceException.invalid("Invalid image: Image %s is not active (status: %s).", imageId, image.status().wireName());
        }
        var description = images.findActive(caller, imageId)
                .orElseThrow(() -> ServiceException.notFound("Image %s could not be found.", imageId));
        Path file = images.localFile(imageId)
                .orElseThrow(() -> ServiceException.invalid("Invalid image: the data of image %s is not in a local store.", imageId));
        return new SourceImage(description.id(), description.name(), description.diskFormat().wireName(), description.size(),
                description.virtualSize().isPresent() ? description.virtualSize().getAsLong() : null, description.minDisk(),
                description.properties(), file);
    }

    @Override
    public String reserve(Caller caller, String name, String diskFormat, String containerFormat, String visibility, boolean protectedImage) {
        Image image = service.create(caller, Optional.empty(), List.of(
                PatchOperation.add("name", TextNode.valueOf(name)),
                PatchOperation.add("disk_format", TextNode.valueOf(diskFormat)),
                PatchOperation.add("container_format", TextNode.valueOf(containerFormat)),
                PatchOperation.add("visibility", TextNode.valueOf(visibility)),
                PatchOperation.add("protected", BooleanNode.valueOf(protectedImage))));
        return image.id();
    }

    @Override
    public void upload(Caller caller, String imageId, Path data) {
        try {
            transfers.adopt(caller, imageId, data);
        } catch (RuntimeException e) {
            removeQuietly(caller, imageId);
            throw e;
        }
    }

    @Override
    public void discard(String imageId) {
        service.discardQueued(imageId);
    }

    @Override
    public Map<String, Object> describe(Caller caller, String imageId) {
        Image image = service.get(caller, imageId);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("image_id", image.id());
        view.put("image_name", image.name());
        view.put("status", image.status().wireName());
        view.put("visibility", image.visibility().wireName());
        view.put("protected", image.isProtected());
        return view;
    }

    private void removeQuietly(Caller caller, String imageId) {
        try {
            service.delete(caller, imageId);
        } catch (RuntimeException ignored) {
            // the image may already be gone
        }
    }
}
