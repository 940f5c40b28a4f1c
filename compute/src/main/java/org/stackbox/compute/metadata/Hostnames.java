package org.stackbox.compute.metadata;

import java.util.Locale;

/** The host name Nova gives a new server from its name ({@code utils.sanitize_hostname}). */
public final class Hostnames {
    private Hostnames() {}

    public static String fromServerName(String name, String serverId) {
        String hostname = sanitize(name);
        return hostname.isEmpty() ? "Server-" + serverId : hostname;
    }

    static String sanitize(String name) {
        StringBuilder latin1 = new StringBuilder();
        name.codePoints().filter(codePoint -> codePoint <= 0xff).forEach(latin1::appendCodePoint);
        String hostname = latin1.length() > 63 ? latin1.substring(0, 63) : latin1.toString();
        hostname = hostname.replaceAll("[ _.]", "-");
        hostname = hostname.replaceAll("(?U)[^\\w.-]+", "");
        hostname = hostname.toLowerCase(Locale.ROOT);
        return strip(hostname, ".-");
    }

    private static String strip(String text, String characters) {
        int start = 0;
        int end = text.length();
        while (start < end && characters.indexOf(text.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && characters.indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        return text.substring(start, end);
    }
}
