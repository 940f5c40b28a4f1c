package org.stackbox.virt;

/** Making and removing domains. */
public interface DomainLifecycle {
    /**
     * Defines the domain and starts it, returning once the guest runs.
     * <p>Post-conditions: on return the domain is defined (so that {@link PowerControl#powerOn} can start it again),
     * and its process runs in a session of its own, so that it outlives the calling process. If spawn throws, no
     * process of this domain is left running and nothing of it is left defined or on disk (disk files belong to the
     * caller and are not touched).
     *
     * @param disks a file for every device in {@code spec} that has a medium
     * @throws HypervisorException {@code DOMAIN_EXISTS} if the server already has a domain; {@code START_FAILED} or
     *     {@code TIMEOUT} if the guest did not start
     */
    void spawn(DomainSpec spec, DiskFiles disks);

    /**
     * Stops the domain at once if it runs and forgets it (definition, sockets, logs). Disk files are not touched.
     * Post-condition: no process of the domain runs and nothing of it is left on disk. Destroying a domain that is
     * not defined does nothing.
     */
    void destroy(String serverId);

    /**
     * Gives a stopped domain {@code vcpus} and {@code memoryMib} from its next start (a resize); its devices stay.
     *
     * @throws HypervisorException {@code INVALID_STATE} if the domain runs; {@code DOMAIN_NOT_FOUND} if there is none
     */
    void resize(String serverId, int vcpus, int memoryMib);
}
