package org.stackbox.image.spi;

import org.stackbox.common.ServiceException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/** The {@code disk_format} values Glance accepts for an image. */
public enum DiskFormat {
    AMI, ARI, AKI, VHD, VHDX, VMDK, RAW, QCOW2, VDI, ISO, PLOOP;

    /** The name on the wire, e.g. {@code qcow2}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format a request names; an unknown name is the caller's error (400). */
    public static DiskFormat fromWireName(String wireName) {
        requireNonNull(wireName, "wireName is null");
        for (DiskFormat format : values()) {
            if (format.wireName().equals(wireName)) {
                return format;
            }
        }
        throw ServiceException.invalid("Invalid disk format '%s'; expected one of %s", wireName,
                Arrays.stream(values()).map(DiskFormat::wireName).collect(Collectors.joining(", ")));
    }

    /** "a qcow2 image", "an iso image": the noun phrase rejection messages use. */
    public String imageNoun() {
        boolean vowel = "aeiou".indexOf(wireName().charAt(0)) >= 0;
        return (vowel ? "an " : "a ") + wireName() + " image";
    }
}
