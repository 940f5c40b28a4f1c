package org.stackbox.image;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** A project an image is shared with, and whether that project accepted it. */
public record ImageMember(String imageId, String memberId, MemberStatus status, Instant createdAt, Instant updatedAt) {
    public ImageMember {
        requireNonNull(imageId, "imageId is null");
        requireNonNull(memberId, "memberId is null");
        requireNonNull(status, "status is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}
