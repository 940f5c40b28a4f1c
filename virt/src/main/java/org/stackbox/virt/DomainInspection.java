package org.stackbox.virt;

import java.util.List;

/** What a domain is and does. Each throws {@code DOMAIN_NOT_FOUND} for an unknown server. */
public interface DomainInspection {
    DomainState state(String serverId);

    /** The domain's current definition, with the devices attached and media changed since it was spawned. */
    DomainSpec definition(String serverId);

    /** The operator's {@code blklist}: target and source of each device, as the running guest has them. */
    List<BlockDeviceEntry> blockDevices(String serverId);

    ConsoleEndpoints consoles(String serverId);

    /** What runs the guests on this host. */
    HypervisorDescription description();
}
