package org.stackbox.image;

import org.stackbox.common.ApiException;

import java.util.Locale;

/** A member project's answer to an image shared with it; only accepted images appear in its image list. */
public enum MemberStatus {
    PENDING, ACCEPTED, REJECTED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MemberStatus fromWireName(String wireName) {
        for (MemberStatus status : values()) {
            if (status.wireName().equals(wireName)) {
                return status;
            }
        }
        throw ApiException.badRequest("Invalid status: %s. Valid values are pending, accepted, rejected.", wireName);
    }
}
