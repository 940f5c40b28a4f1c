package org.stackbox.virt.qemu;

import org.stackbox.virt.DiskFiles;
import org.stackbox.virt.DomainSpec;

import static java.util.Objects.requireNonNull;

/** What the driver keeps beside a domain to start it again: its spec and the files behind its sources. */
public record DomainDefinition(DomainSpec spec, DiskFiles disks) {
    public DomainDefinition {
        requireNonNull(spec, "spec is null");
        requireNonNull(disks, "disks is null");
        disks.requireComplete(spec);
    }
}
