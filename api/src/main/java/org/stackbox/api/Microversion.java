package org.stackbox.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;


/** An API microversion such as {@code 3.42}: the major version and the step within it. */
public record Microversion(int major, int minor) implements Comparable<Microversion> {
    private static final Pattern FORMAT = Pattern.compile("^([1-9]\\d*)\\.([1-9]\\d*|0)$");

    public Microversion {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("a microversion is two non-negative numbers");
        }
    }

    /**
     * Reads {@code MAJOR.MINOR} as Nova's and Cinder's {@code APIVersionRequest} do: no leading zeros, no signs; anything
     * else is their 400.
     */
    public static Microversion parse(String text) {
        Matcher matcher = FORMAT.matcher(text.strip());
        if (!matcher.matches()) {
            throw ApiException.badRequest("API Version String %s is of invalid format. Must be of format "
                    + "MajorNum.MinorNum.", text.strip());
        }
        try {
            return new Microversion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("API Version String %s is of invalid format. Must be of format "
                    + "MajorNum.MinorNum.", text.strip());
        }
    }

    public boolean atLeast(int otherMajor, int otherMinor) {
        return compareTo(new Microversion(otherMajor, otherMinor)) >= 0;
    }

    @Override
    public int compareTo(Microversion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
