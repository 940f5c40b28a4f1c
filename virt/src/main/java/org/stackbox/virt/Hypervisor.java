package org.stackbox.virt;

/**
 * A compute host's hypervisor, as the compute service sees it: small roles, each in Stackbox's own types. The
 * driver's processes, sockets and command names never appear here.
 * <p>Implementations apply operations on one domain one at a time, in the order they were called.
 */
public interface Hypervisor
        extends DomainLifecycle, PowerControl, ManagedSave, DiskHotPlug, NetworkHotPlug, RemovableMedia, BootOrderControl,
        DomainInspection, DomainRecovery, MetadataChannel, DiskBackup, GuestAgent {
}
