package org.stackbox.network;

import org.stackbox.common.Ids;

import java.util.HexFormat;
import java.util.regex.Pattern;

/** MAC addresses as Neutron makes them: its base {@code fa:16:3e} and three random bytes. */
public final class MacAddresses {
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");

    private MacAddresses() {}

    static String random() {
        return "fa:16:3e:" + HexFormat.ofDelimiter(":").formatHex(Ids.randomBytes(3));
    }

    /** A unicast address in lower case with colons, or empty if the text is not one. */
    public static java.util.Optional<String> normalized(String text) {
        String lower = text.toLowerCase(java.util.Locale.ROOT).replace('-', ':');
        if (!MAC.matcher(lower).matches() || (Integer.parseInt(lower.substring(0, 2), 16) & 1) != 0
                || lower.equals("00:00:00:00:00:00")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(lower);
    }
}
