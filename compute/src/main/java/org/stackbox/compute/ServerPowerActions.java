package org.stackbox.compute;

import org.stackbox.common.auth.Caller;
import org.stackbox.compute.model.Server;
import org.stackbox.compute.model.ServerAction;
import org.stackbox.compute.spi.RemoteConsoles;
import org.stackbox.compute.store.ServerVolumeRepository;
import org.stackbox.image.spi.Images;
import org.stackbox.virt.Hypervisor;
import org.stackbox.virt.RebootType;
import org.stackbox.volume.spi.Volumes;

import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Start, stop, reboot, pause and suspend: each takes its task state by compare-and-set, answers at once (Nova's 202), and is applied
 * to the domain on the server's serial executor; its task ends with the domain's power state.
 */
public final class ServerPowerActions {
    private final ServerVolumeRepository serverVolumes;
    private final Images images;
    private final Volumes volumes;
    private final Hypervisor hypervisor;
    private final RemoteConsoles consoles;
    private final ServerTransitions transitions;
    private final ServerNetboot netboot;
    private final ComputeConfig config;

    ServerPowerActions(ServerVolumeRepository serverVolumes, Images images, Volumes volumes, Hypervisor hypervisor,
                       RemoteConsoles consoles, ServerTransitions transitions, ServerNetboot netboot,
                       ComputeConfig config) {
        this.serverVolumes = requireNonNull(serverVolumes, "serverVolumes is null");
        this.images = requireNonNull(images, "images is null");
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.hypervisor = requireNonNull(hypervisor, "hypervisor is null");
        this.consoles = requireNonNull(consoles, "consoles is null");
        this.transitions = requireNonNull(transitions, "transitions is null");
        this.netboot = requireNonNull(netboot, "netboot is null");
        this.config = requireNonNull(config, "config is null");
    }

    public void start(Caller caller, String serverId) {
        apply(caller, serverId, ServerAction.START);
    }

    public void stop(Caller caller, String serverId) {
        apply(caller, serverId, ServerAction.STOP);
    }

    public void reboot(Caller caller, String serverId, RebootType type) {
        apply(caller, serverId, type == RebootType.HARD ? ServerAction.REBOOT_HARD : ServerAction.REBOOT_SOFT);
    }

    /**
     * Applies a power action: {@link ServerAction#START}, {@code STOP}, {@code REBOOT_SOFT}, {@code REBOOT_HARD},
     * {@code PAUSE}, {@code UNPAUSE}, {@code SUSPEND} (the guest's state saved to disk, its QEMU stopped) or
     * {@code RESUME}.
     */
    public void apply(Caller caller, String serverId, ServerAction action) {
        String event = switch (action) {
            case START -> "compute_start_instance";
            case STOP -> "compute_stop_instance";
            case REBOOT_SOFT, REBOOT_HARD -> "compute_reboot_instance";
            case PAUSE -> "compute_pause_instance";
            case UNPAUSE -> "compute_unpause_instance";
            case SUSPEND -> "compute_suspend_instance";
            case RESUME -> "compute_resume_instance";
            default -> throw new IllegalArgumentException(action + " is not a power action");
        };
        Server server = transitions.begin(caller, serverId, action);
        if (action == ServerAction.STOP || action == ServerAction.SUSPEND) {
            consoles.revokeStopped(serverId);
        }
        transitions.runTask(caller, server, action, event, () -> {
            if (action == ServerAction.START || action == ServerAction.REBOOT_SOFT
                    || action == ServerAction.REBOOT_HARD) {
                netboot.prepare(serverId);
            }
            switch (action) {
                case START -> hypervisor.powerOn(serverId);
                case STOP -> hypervisor.powerOff(serverId, shutdownTimeout(caller, server));
                case REBOOT_SOFT -> hypervisor.reboot(serverId, RebootType.SOFT, shutdownTimeout(caller, server));
                case REBOOT_HARD -> hypervisor.reboot(serverId, RebootType.HARD, shutdownTimeout(caller, server));
                case PAUSE -> hypervisor.pause(serverId);
                case UNPAUSE -> hypervisor.unpause(serverId);
                case SUSPEND -> hypervisor.save(serverId);
                case RESUME -> hypervisor.restore(serverId);
                default -> throw new IllegalArgumentException(action + " is not a power action");
            }
        });
    }

    /** The guest's time to shut down cleanly: the image's (or root volume's) {@code os_shutdown_timeout}, else the default. */
    Duration shutdownTimeout(Caller caller, Server server) {
        Optional<String> property = ServerImageProperties.of(images, volumes, serverVolumes, caller, server,
                "os_shutdown_timeout");
        try {
            return property.map(seconds -> Duration.ofSeconds(Long.parseLong(seconds.strip())))
                    .orElse(config.shutdownTimeout());
        } catch (NumberFormatException e) {
            return config.shutdownTimeout();
        }
    }
}
