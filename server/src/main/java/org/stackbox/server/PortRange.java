package org.stackbox.server;

/** Host ports {@code first} to {@code last}, both included, as given to {@code --forward-ports}. */
record PortRange(int first, int last) {
    PortRange {
        if (first < 1 || last > 65535 || first > last) {
            throw new IllegalArgumentException("a port range lies within 1-65535, first to last: " + first + "-" + last);
        }
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
