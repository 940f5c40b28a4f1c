package org.stackbox.image;

import org.stackbox.common.ServiceException;

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
        throw ServiceException.invalid("Invalid status: %s. Valid values are pending, accepted, rejected.", wireName);
    }
}
