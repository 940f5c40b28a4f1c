package org.stackbox.image;

import org.stackbox.common.ServiceException;

import java.util.Locale;

/** Who may see an image besides its owner: everyone, nobody, its members, or everyone who asks for it by id. */
public enum Visibility {
    PUBLIC, PRIVATE, SHARED, COMMUNITY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Visibility fromWireName(String wireName) {
        for (Visibility visibility : values()) {
            if (visibility.wireName().equals(wireName)) {
                return visibility;
            }
        }
        throw ServiceException.invalid("Invalid visibility value: %s", wireName);
    }
}
