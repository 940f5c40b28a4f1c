package org.stackbox.virt;

/**
 * What the hypervisor does inside a running guest through the agent the guest runs (the QEMU guest agent, present
 * when the domain was spawned with {@link DomainSpec#guestAgent()}).
 */
public interface GuestAgent {
    /**
     * Sets the password of a user of the running guest; the password travels in clear to the agent, which encrypts it
     * as the guest's system does.
     *
     * @throws HypervisorException {@code AGENT_NOT_ENABLED} if the domain has no agent channel,
     *     {@code INVALID_STATE} if the domain does not run, {@code AGENT_UNRESPONSIVE} if no agent answered in time,
     *     {@code COMMAND_FAILED} if the agent refused (no such user, for instance), {@code DOMAIN_NOT_FOUND}
     */
    void setUserPassword(String serverId, String user, String password);
}
