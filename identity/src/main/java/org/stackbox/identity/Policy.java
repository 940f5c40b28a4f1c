package org.stackbox.identity;

import org.stackbox.common.auth.Caller;
import org.stackbox.common.ServiceException;

/** Keystone's default rules, reduced to what Stackbox needs: administrators manage, everyone reads their own. */
final class Policy {
    private Policy() {}

    static void requireAdmin(Caller caller, String action) {
        if (!caller.isAdmin()) {
            throw denied(action);
        }
    }

    static void requireAdminOrSelf(Caller caller, String userId, String action) {
        if (!caller.isAdmin() && !caller.userId().equals(userId)) {
            throw denied(action);
        }
    }

    static ServiceException denied(String action) {
        return ServiceException.forbidden("You are not authorized to perform the requested action: %s.", action);
    }
}
