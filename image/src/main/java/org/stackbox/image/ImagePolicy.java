package org.stackbox.image;

import org.stackbox.common.auth.Caller;
import org.stackbox.common.ServiceException;

import java.util.Optional;

/**
 * Glance's default rules on who sees and changes an image. An image the caller may not see does not exist for them
 * (404); an image they see but may not change answers 403.
 */
final class ImagePolicy {
    private ImagePolicy() {}

    static boolean canSee(Caller caller, Image image, Optional<ImageMember> callerMembership) {
        if (caller.isAdmin() || image.ownedBy(caller.projectId())) {
            return true;
        }
        return switch (image.visibility()) {
            case PUBLIC, COMMUNITY -> true;
            case SHARED -> callerMembership.isPresent();
            case PRIVATE -> false;
        };
    }

    static boolean mayChange(Caller caller, Image image) {
        return caller.isAdmin() || image.ownedBy(caller.projectId());
    }

    static void requireMayChange(Caller caller, Image image, String action) {
        if (!mayChange(caller, image)) {
            throw denied(action);
        }
    }

    static void requireAdmin(Caller caller, String action) {
        if (!caller.isAdmin()) {
            throw denied(action);
        }
    }

    static ServiceException denied(String action) {
        return ServiceException.forbidden("You are not authorized to complete %s action.", action);
    }

    static ServiceException notFound(String imageId) {
        return ServiceException.notFound("No image found with ID %s", imageId);
    }
}
