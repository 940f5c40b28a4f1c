package org.stackbox.image;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.stackbox.common.auth.Caller;
import org.stackbox.common.ServiceException;
import org.stackbox.image.spi.ImageDescription;
import org.stackbox.image.spi.ImageFilter;
import org.stackbox.image.spi.ImageSummary;
import org.stackbox.image.spi.Images;
import org.stackbox.image.spi.NewImageData;
import org.stackbox.storage.image.ImageStore;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/** {@link Images} for services in the same process, on top of the image service itself. */
public final class LocalImages implements Images {
    private final ImageService service;
    private final ImageTransfers transfers;
    private final ImageStore store;
    private final org.stackbox.image.store.ImageRepository images;

    public LocalImages(ImageService service, ImageTransfers transfers, org.stackbox.image.store.ImageRepository images, ImageStore store) {
        this.service = requireNonNull(service, "service is null");
        this.transfers = requireNonNull(transfers, "transfers is null");
        this.images = requireNonNull(images, "images is null");
        this.store = requireNonNull(store, "store is null");
    }

    @Override
    public Optional<ImageDescription> findActive(Caller caller, String imageId) {
        try {
            Image image = service.get(caller, imageId);
            return image.status() == ImageStatus.ACTIVE ? Optional.of(describe(image)) : Optional.empty();
        } catch (ServiceException notVisible) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<ImageSummary> findInAnyState(Caller caller, String imageId) {
        try {
            return Optional.of(summary(service.get(caller, imageId)));
        } catch (ServiceException notVisible) {
            return Optional.empty();
        }
    }

    @Override
    public List<ImageSummary> list(Caller caller, ImageFilter filter) {
        Map<String, List<String>> attributes = new java.util.HashMap<>();
        filter.name().ifPresent(name -> attributes.put("name", List.of(name)));
        filter.status().ifPresent(status -> attributes.put("status", List.of(status)));
        List<ImageSummary> matching = new ArrayList<>();
        Optional<String> after = Optional.empty();
        do {
            ImagePage page = service.list(caller, new ImageQuery(Optional.empty(), false,
                    Optional.of(MemberStatus.ACCEPTED), attributes, List.of(), filter.properties(), false,
                    Optional.empty(), java.util.OptionalLong.empty(), java.util.OptionalLong.empty(), List.of(),
                    ImageQuery.MAX_LIMIT, after));
            for (Image image : page.images()) {
                if (atLeast(image.minRam(), filter.minRam()) && atLeast(image.minDisk(), filter.minDisk())
                        && filter.changesSince().map(since -> !image.updatedAt().isBefore(since)).orElse(true)) {
                    matching.add(summary(image));
                }
            }
            after = page.nextMarker();
        } while (after.isPresent());
        int start = 0;
        if (filter.marker().isPresent()) {
            String marker = filter.marker().get();
            start = 1 + java.util.stream.IntStream.range(0, matching.size())
                    .filter(index -> matching.get(index).id().equals(marker)).findFirst()
                    .orElseThrow(() -> ServiceException.invalid("Invalid marker. Image %s could not be found.", marker));
        }
        int end = filter.limit().isPresent() ? (int) Math.min(matching.size(), (long) start + filter.limit().getAsInt())
                : matching.size();
        return List.copyOf(matching.subList(start, Math.max(start, end)));
    }

    @Override
    public ImageSummary replaceProperties(Caller caller, String imageId, Map<String, String> properties) {
        Image current = service.get(caller, imageId);
        List<PatchOperation> changes = new ArrayList<>();
        for (String removed : current.properties().keySet()) {
            if (!properties.containsKey(removed)) {
                changes.add(new PatchOperation(PatchOperation.Op.REMOVE, removed, null));
            }
        }
        for (Map.Entry<String, String> property : properties.entrySet()) {
            if (!property.getValue().equals(current.properties().get(property.getKey()))) {
                changes.add(new PatchOperation(current.properties().containsKey(property.getKey())
                        ? PatchOperation.Op.REPLACE : PatchOperation.Op.ADD, property.getKey(),
                        TextNode.valueOf(property.getValue())));
            }
        }
        return summary(changes.isEmpty() ? current : service.update(caller, imageId, changes));
    }

    @Override
    public void delete(Caller caller, String imageId) {
        service.delete(caller, imageId);
    }

    @Override
    public Optional<Path> localFile(String imageId) {
        return images.findById(imageId).filter(image -> image.status() == ImageStatus.ACTIVE)
                .flatMap(image -> store.localPath(imageId));
    }

    @Override
    public ImageDescription create(Caller caller, NewImageData request, InputStream data) {
        String id = reserve(caller, request);
        try {
            return upload(caller, id, data);
        } catch (RuntimeException e) {
            // The caller asked for an image with data; a queued one left behind would be litter.
            images.delete(id);
            throw e;
        }
    }

    @Override
    public String reserve(Caller caller, NewImageData request) {
        List<PatchOperation> attributes = new ArrayList<>();
        attributes.add(PatchOperation.add("name", TextNode.valueOf(request.name())));
        attributes.add(PatchOperation.add("disk_format", TextNode.valueOf(request.diskFormat().wireName())));
        attributes.add(PatchOperation.add("container_format", TextNode.valueOf(ContainerFormat.BARE.wireName())));
        attributes.add(PatchOperation.add("visibility", TextNode.valueOf(Visibility.PRIVATE.wireName())));
        attributes.add(PatchOperation.add("min_disk", IntNode.valueOf(request.minDisk())));
        attributes.add(PatchOperation.add("min_ram", IntNode.valueOf(request.minRam())));
        for (Map.Entry<String, String> property : request.properties().entrySet()) {
            attributes.add(PatchOperation.add(property.getKey(), TextNode.valueOf(property.getValue())));
        }
        return service.create(caller, Optional.empty(), attributes).id();
    }

    @Override
    public ImageDescription upload(Caller caller, String imageId, InputStream data) {
        return describe(transfers.upload(caller, imageId, data));
    }

    @Override
    public ImageDescription adopt(Caller caller, String imageId, Path file) {
        return describe(transfers.adopt(caller, imageId, file));
    }

    @Override
    public void discard(String imageId) {
        service.discardQueued(imageId);
    }

    private static boolean atLeast(int value, OptionalInt minimum) {
        return minimum.isEmpty() || value >= minimum.getAsInt();
    }

    private static ImageSummary summary(Image image) {
        return new ImageSummary(image.id(), image.name(), image.status().wireName(),
                image.size() == null ? 0 : image.size(), image.minDisk(), image.minRam(), image.properties(),
                image.createdAt(), image.updatedAt());
    }

    private static ImageDescription describe(Image image) {
        return new ImageDescription(image.id(), image.name(), image.diskFormat(), image.size() == null ? 0 : image.size(),
                image.virtualSize() == null ? OptionalLong.empty() : OptionalLong.of(image.virtualSize()),
                image.minDisk(), image.minRam(), image.properties());
    }
}
