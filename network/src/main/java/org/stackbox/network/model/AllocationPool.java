package org.stackbox.network.model;

import org.stackbox.common.net.Ipv4Address;

import static java.util.Objects.requireNonNull;

/** A range of addresses that IPAM hands out, both ends included. */
public record AllocationPool(Ipv4Address start, Ipv4Address end) {
    public AllocationPool {
        requireNonNull(start, "start is null");
        requireNonNull(end, "end is null");
        if (start.compareTo(end) > 0) {
            throw new IllegalArgumentException("The pool " + start + "-" + end + " ends before it starts");
        }
    }

    public boolean contains(Ipv4Address address) {
        return start.compareTo(address) <= 0 && address.compareTo(end) <= 0;
    }

    public boolean overlaps(AllocationPool other) {
        return start.compareTo(other.end) <= 0 && other.start.compareTo(end) <= 0;
    }

    public long size() {
        return end.value() - start.value() + 1;
    }

    @Override
    public String toString() {
        return start + "-" + end;
    }
}
