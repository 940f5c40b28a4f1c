package org.stackbox.virt;

/**
 * Suspending a guest to disk and resuming it (libvirt's managed save): the guest's whole state, memory and devices,
 * is written to a file of the domain and its process ends, so that it uses neither CPU nor memory; a resume starts
 * the process again from that file and the guest goes on where it was, neither rebooted nor aware of the pause but
 * for its clock. Each throws {@code DOMAIN_NOT_FOUND} for an unknown server.
 */
public interface ManagedSave {
    /**
     * Saves the running guest's state and stops its process. Post-condition: the domain is
     * {@link DomainState#SAVED}. On failure the guest runs on as it was and no saved state is left.
     *
     * @throws HypervisorException {@code INVALID_STATE} if the guest does not run
     */
    void save(String serverId);

    /**
     * Starts the domain again from its saved state and lets the guest go on; the saved state is removed once the
     * guest runs. Post-condition: the domain runs. On failure no process is left and the saved state is kept, so the
     * domain is still {@link DomainState#SAVED}.
     *
     * @throws HypervisorException {@code INVALID_STATE} if the domain has no saved state (or its process runs)
     */
    void restore(String serverId);
}
