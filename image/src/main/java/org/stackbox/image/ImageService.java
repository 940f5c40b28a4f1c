package org.stackbox.image;

import org.stackbox.common.auth.Caller;
import org.stackbox.common.ServiceException;
import org.stackbox.image.store.ImageRepository;
import org.stackbox.image.store.MemberRepository;
import org.stackbox.image.store.ProjectUsage;
import org.stackbox.image.store.QuotaRepository;
import org.stackbox.storage.image.ImageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * Images, their tags and members, and project quotas, with Glance's rules: who sees and changes what, the status
 * machine ({@link ImageStatus}), and what a protected, deactivated or shared image allows. Image data moves through
 * {@link ImageTransfers}.
 */
public final class ImageService {
    private static final Logger LOG = LoggerFactory.getLogger(ImageService.class);

    private final ImageRepository images;
    private final MemberRepository members;
    private final QuotaRepository quotas;
    private final ImageStore store;
    private final Consumer<String> deleted;
    private final Clock clock;

    /**
     * {@code deleted} is told the id of each image once it is deleted, so that what other stores prepared from it
     * (volume bases, root disk bases) can be freed.
     */
    public ImageService(ImageRepository images, MemberRepository members, QuotaRepository quotas, ImageStore store,
                        Consumer<String> deleted, Clock clock) {
        this.images = requireNonNull(images, "images is null");
        this.members = requireNonNull(members, "members is null");
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.store = requireNonNull(store, "store is null");
        this.deleted = requireNonNull(deleted, "deleted is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Puts images that were mid-upload when the process stopped back where a client can retry: {@code saving} to
     * {@code queued} without data, {@code importing} back to {@code uploading}, and {@code uploading} without staged
     * data to {@code queued}. A half-written image never becomes active.
     */
    public void recover() {
        Instant now = now();
        try {
            for (String id : images.idsWithStatus(ImageStatus.SAVING)) {
                store.delete(id);
                images.clearData(id, ImageStatus.SAVING, ImageStatus.QUEUED, now);
                LOG.info("Image {} was being uploaded when Stackbox stopped; it is queued again", id);
            }
            for (String id : images.idsWithStatus(ImageStatus.IMPORTING)) {
                images.transition(id, ImageStatus.IMPORTING, ImageStatus.UPLOADING, now);
            }
            for (String id : images.idsWithStatus(ImageStatus.UPLOADING)) {
                if (store.size(id).isEmpty()) {
                    images.clearData(id, ImageStatus.UPLOADING, ImageStatus.QUEUED, now);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot recover interrupted image uploads", e);
        }
    }

    public Image create(Caller caller, Optional<String> requestedId, List<PatchOperation> attributes) {
        String id = requestedId.map(ImageService::checkId).orElseGet(() -> UUID.randomUUID().toString());
        if (images.findById(id).isPresent()) {
            throw ServiceException.conflict("An image with identifier %s already exists", id);
        }
        Image.Builder image = Image.queued(id, caller.projectId(), now()).toBuilder();
        for (PatchOperation attribute : attributes) {
            ImagePatcher.apply(caller, image, ImageStatus.QUEUED, attribute);
        }
        Image created = image.build();
        ImageItemLimits.requireWithin(created);
        if (created.owner() != null) {
            ImageQuota quota = quotas.find(created.owner());
            ProjectUsage usage = images.usage(created.owner());
            if (quota.maxImages().isPresent() && usage.images() >= quota.maxImages().getAsLong()) {
                throw ServiceException.overLimit("Image count quota exceeded for project %s: it owns %d of at most %d images.",
                        created.owner(), usage.images(), quota.maxImages().getAsLong());
            }
        }
        images.insert(created);
        return created;
    }

    public Image get(Caller caller, String id) {
        Image image = images.findById(id).orElseThrow(() -> ImagePolicy.notFound(id));
        if (!ImagePolicy.canSee(caller, image, membership(caller, id))) {
            throw ImagePolicy.notFound(id);
        }
        return image;
    }

    public ImagePage list(Caller caller, ImageQuery query) {
        return ImageListing.page(caller, images.listAll(),
                caller.projectId() == null ? java.util.Map.of() : members.statusesForMember(caller.projectId()), query);
    }

    public Image update(Caller caller, String id, List<PatchOperation> operations) {
        Image current = get(caller, id);
        ImagePolicy.requireMayChange(caller, current, "modify_image");
        Image.Builder changed = current.toBuilder();
        for (PatchOperation operation : operations) {
            ImagePatcher.apply(caller, changed, current.status(), operation);
        }
        Image updated = changed.updatedAt(now()).build();
        ImageItemLimits.requireWithin(updated);
        images.update(current, updated);
        return images.findById(id).orElseThrow(() -> ImagePolicy.notFound(id));
    }

    public void delete(Caller caller, String id) {
        Image image = images.findById(id).filter(found -> ImagePolicy.canSee(caller, found, membership(caller, id)))
                .orElseThrow(() -> ServiceException.notFound("Failed to find image %s to delete", id));
        ImagePolicy.requireMayChange(caller, image, "delete_image");
        if (image.isProtected()) {
            throw ServiceException.forbidden("Image %s is protected and cannot be deleted.", id);
        }
        images.delete(id);
        try {
            store.delete(id);
        } catch (IOException e) {
            LOG.warn("Image {} is deleted but its data could not be removed", id, e);
        }
        try {
            deleted.accept(id);
        } catch (RuntimeException e) {
            LOG.warn("Image {} is deleted but the copies prepared from it could not be released yet", id, e);
        }
    }

    /**
     * Removes an image that was reserved for data that will never come (an upload from a volume or a server snapshot
     * that was given up), while it is still queued: whoever owns it and protected or not, since nobody has seen data
     * in it.
     */
    public void discardQueued(String id) {
        images.findById(id).filter(image -> image.status() == ImageStatus.QUEUED).ifPresent(image -> {
            images.delete(id);
            LOG.info("Removed image {}, reserved for data that was given up", id);
        });
    }

    public void deactivate(Caller caller, String id) {
        Image image = get(caller, id);
        ImagePolicy.requireMayChange(caller, image, "deactivate");
        if (image.status() == ImageStatus.DEACTIVATED) {
            return;
        }
        if (!images.transition(id, ImageStatus.ACTIVE, ImageStatus.DEACTIVATED, now())) {
            throw ServiceException.forbidden("Not allowed to deactivate image in status '%s'", image.status().wireName());
        }
    }

    public void reactivate(Caller caller, String id) {
        Image image = get(caller, id);
        ImagePolicy.requireMayChange(caller, image, "reactivate");
        if (image.status() == ImageStatus.ACTIVE) {
            return;
        }
        if (!images.transition(id, ImageStatus.DEACTIVATED, ImageStatus.ACTIVE, now())) {
            throw ServiceException.forbidden("Not allowed to reactivate image in status '%s'", image.status().wireName());
        }
    }

    public void addTag(Caller caller, String id, String tag) {
        Image image = get(caller, id);
        ImagePolicy.requireMayChange(caller, image, "modify_image");
        if (tag.isEmpty() || tag.length() > 255) {
            throw ServiceException.invalid("Tags must have 1 to 255 characters.");
        }
        if (!image.tags().contains(tag)) {
            ImageItemLimits.requireTags(image.tags().size() + 1);
        }
        images.addTag(id, tag, now());
    }

    public void removeTag(Caller caller, String id, String tag) {
        Image image = get(caller, id);
        ImagePolicy.requireMayChange(caller, image, "modify_image");
        if (!image.tags().contains(tag)) {
            throw ServiceException.notFound("Tag %s not found on image %s", tag, id);
        }
        images.removeTag(id, tag, now());
    }

    // Members

    /** The owner sees every member; a member sees only itself. */
    public List<ImageMember> members(Caller caller, String imageId) {
        Image image = get(caller, imageId);
        requireShared(image);
        if (ImagePolicy.mayChange(caller, image)) {
            return members.listForImage(imageId);
        }
        return membership(caller, imageId).map(List::of).orElse(List.of());
    }

    public ImageMember member(Caller caller, String imageId, String memberId) {
        Image image = get(caller, imageId);
        if (!ImagePolicy.mayChange(caller, image) && !memberId.equals(caller.projectId())) {
            throw memberNotFound(imageId, memberId);
        }
        return members.find(imageId, memberId).orElseThrow(() -> memberNotFound(imageId, memberId));
    }

    public ImageMember addMember(Caller caller, String imageId, String memberId) {
        Image image = get(caller, imageId);
        ImagePolicy.requireMayChange(caller, image, "add_member");
        requireShared(image);
        if (memberId.isBlank() || memberId.length() > 64) {
            throw ServiceException.invalid("Invalid member id: %s", memberId);
        }
        if (members.find(imageId, memberId).isPresent()) {
            throw ServiceException.conflict("Member %s is duplicated for image %s", memberId, imageId);
        }
        Instant now = now();
        ImageMember member = new ImageMember(imageId, memberId, MemberStatus.PENDING, now, now);
        members.insert(member);
        return member;
    }

    /** Only the member itself (or an administrator) accepts or rejects an image shared with it. */
    public ImageMember updateMember(Caller caller, String imageId, String memberId, MemberStatus status) {
        get(caller, imageId);
        ImageMember member = members.find(imageId, memberId).orElseThrow(() -> memberNotFound(imageId, memberId));
        if (!caller.isAdmin() && !memberId.equals(caller.projectId())) {
            throw ServiceException.forbidden("You are not permitted to modify 'status' on this image member.");
        }
        members.updateStatus(imageId, memberId, status, now());
        return members.find(imageId, memberId).orElse(member);
    }

    public void removeMember(Caller caller, String imageId, String memberId) {
        Image image = get(caller, imageId);
        ImagePolicy.requireMayChange(caller, image, "delete_member");
        if (!members.delete(imageId, memberId)) {
            throw memberNotFound(imageId, memberId);
        }
    }

    // Quotas

    /** A project's quota; who may read it is the policy's decision (stackbox:image:get_quota). */
    public ImageQuota quota(Caller caller, String projectId) {
        return quotas.find(projectId);
    }

    /** Sets a project's quota; who may is the policy's decision (stackbox:image:update_quota). */
    public ImageQuota setQuota(Caller caller, String projectId, ImageQuota quota) {
        quotas.save(projectId, quota);
        return quota;
    }

    Optional<ImageMember> membership(Caller caller, String imageId) {
        return caller.projectId() == null ? Optional.empty() : members.find(imageId, caller.projectId());
    }

    private static void requireShared(Image image) {
        if (image.visibility() != Visibility.SHARED) {
            throw ServiceException.forbidden("Only shared images have members.");
        }
    }

    private static ServiceException memberNotFound(String imageId, String memberId) {
        return ServiceException.notFound("%s is not a member of image %s", memberId, imageId);
    }

    private static String checkId(String id) {
        try {
            return UUID.fromString(id).toString().equals(id.toLowerCase(java.util.Locale.ROOT)) ? id : invalidId(id);
        } catch (IllegalArgumentException e) {
            return invalidId(id);
        }
    }

    private static String invalidId(String id) {
        throw ServiceException.invalid("Provided object does not match schema 'image': '%s' does not match "
                + "'^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$'", id);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
