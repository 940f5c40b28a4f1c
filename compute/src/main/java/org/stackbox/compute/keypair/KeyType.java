package org.stackbox.compute.keypair;

import java.util.Locale;
import java.util.Optional;

/** A key pair's kind, as microversion 2.2 names it: an SSH key, or an X.509 certificate (for WinRM). */
public enum KeyType {
    SSH, X509;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<KeyType> fromWireName(String name) {
        for (KeyType type : values()) {
            if (type.wireName().equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
