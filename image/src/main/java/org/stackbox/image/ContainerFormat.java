package org.stackbox.image;

import org.stackbox.common.ServiceException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The {@code container_format} values Glance accepts; Stackbox stores the data as it comes whatever the value. */
public enum ContainerFormat {
    AMI, ARI, AKI, BARE, OVF, OVA, DOCKER, COMPRESSED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ContainerFormat fromWireName(String wireName) {
        for (ContainerFormat format : values()) {
            if (format.wireName().equals(wireName)) {
                return format;
            }
        }
        throw ServiceException.invalid("Invalid container format '%s'; expected one of %s", wireName,
                Arrays.stream(values()).map(ContainerFormat::wireName).collect(Collectors.joining(", ")));
    }
}
