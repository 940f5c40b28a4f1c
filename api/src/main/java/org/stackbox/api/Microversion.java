package org.stackbox.api;


/** An API microversion such as {@code 3.42}: the major version and the step within it. */
public record Microversion(int major, int minor) implements Comparable<Microversion> {
    public Microversion {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("a microversion is two non-negative numbers");
        }
    }

    public static Microversion parse(String text) {
        String[] parts = text.strip().split("\\.");
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            return new Microversion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Invalid API version request string '%s': expected MAJOR.MINOR or 'latest'.", text.strip());
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
