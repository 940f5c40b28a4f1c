package org.stackbox.compute;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stackbox.common.ServiceError;
import org.stackbox.common.ServiceException;
import org.stackbox.common.auth.Caller;
import org.stackbox.compute.model.Server;
import org.stackbox.compute.model.ServerAction;
import org.stackbox.compute.store.ServerVolumeRepository;
import org.stackbox.image.spi.Images;
import org.stackbox.virt.DomainState;
import org.stackbox.virt.Hypervisor;
import org.stackbox.virt.HypervisorException;
import org.stackbox.volume.spi.Volumes;

import static java.util.Objects.requireNonNull;

/**
 * Nova's changePassword as its libvirt driver does it: the password goes to the QEMU guest agent of the running
 * guest, for the image's {@code os_admin_user} (root, or Administrator on Windows). The call waits for the agent, as
 * Nova's API waits for its compute host, and answers with the outcome; the server shows task
 * {@code updating_password} meanwhile, and the attempt is recorded as the instance action {@code changePassword}.
 * The password is never stored nor written to a log.
 */
public final class ServerPasswords {
    private static final Logger LOG = LoggerFactory.getLogger(ServerPasswords.class);
    private static final String FAILED = "Failed to set admin password on %s because error setting admin password";

    private final ServerVolumeRepository serverVolumes;
    private final Images images;
    private final Volumes volumes;
    private final Hypervisor hypervisor;
    private final ServerTransitions transitions;

    ServerPasswords(ServerVolumeRepository serverVolumes, Images images, Volumes volumes, Hypervisor hypervisor,
                    ServerTransitions transitions) {
        this.serverVolumes = requireNonNull(serverVolumes, "serverVolumes is null");
        this.images = requireNonNull(images, "images is null");
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.hypervisor = requireNonNull(hypervisor, "hypervisor is null");
        this.transitions = requireNonNull(transitions, "transitions is null");
    }

    /**
     * Sets the administrator password of an active server's guest.
     *
     * @throws ServiceException 404 for a server the caller cannot see; 409 for a server not active or busy, a guest
     *     without the agent ({@code hw_qemu_guest_agent}), one that is not running, or an agent that refused; 501
     *     when no agent answered (Nova's {@code NotImplementedError} for an unresponsive agent)
     */
    public void change(Caller caller, String serverId, String password) {
        requireNonNull(password, "password is null");
        ServerAction action = ServerAction.CHANGE_PASSWORD;
        Server server = transitions.begin(caller, serverId, action);
        try {
            String user = adminUser(caller, server);
            transitions.runChecked(caller, server, action, "compute_set_admin_password", () -> {
                set(server.id(), user, password);
                return null;
            });
        } finally {
            transitions.settle(server.id(), action.tasks());
        }
    }

    private String adminUser(Caller caller, Server server) {
        return ServerImageProperties.of(images, volumes, serverVolumes, caller, server, "os_admin_user")
                .filter(user -> !user.isEmpty())
                .orElseGet(() -> ServerImageProperties.of(images, volumes, serverVolumes, caller, server, "os_type")
                        .filter("windows"::equals).map(windows -> "Administrator").orElse("root"));
    }

    private void set(String serverId, String user, String password) {
        DomainState state;
        try {
            state = hypervisor.state(serverId);
        } catch (HypervisorException e) {
            state = DomainState.SHUT_OFF;
        }
        if (state != DomainState.RUNNING) {
            throw ServiceException.conflict("Failed to set admin password on %s because instance %s is not running",
                    serverId, serverId);
        }
        try {
            hypervisor.setUserPassword(serverId, user, password);
        } catch (HypervisorException e) {
            LOG.warn("Setting the password of {} on server {} failed: {}", user, serverId, e.getMessage());
            throw switch (e.error()) {
                case AGENT_NOT_ENABLED -> ServiceException.conflict("QEMU guest agent is not enabled");
                case AGENT_UNRESPONSIVE -> new ServiceException(ServiceError.NOT_IMPLEMENTED,
                        "Unable to set password on instance", e);
                // Nova tells the caller no more (the password could be in the detail); the log above has it.
                default -> new ServiceException(ServiceError.CONFLICT, FAILED.formatted(serverId), e);
            };
        }
    }
}
