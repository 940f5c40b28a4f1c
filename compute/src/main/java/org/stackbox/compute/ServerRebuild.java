package org.stackbox.compute;

import org.stackbox.common.ServiceException;
import org.stackbox.common.auth.Caller;
import org.stackbox.compute.metadata.MetadataService;
import org.stackbox.compute.model.ComputeFlavor;
import org.stackbox.compute.model.Server;
import org.stackbox.compute.model.ServerAction;
import org.stackbox.compute.model.ServerStatus;
import org.stackbox.compute.spi.RemoteConsoles;
import org.stackbox.compute.store.FlavorRepository;
import org.stackbox.compute.store.ServerRepository;
import org.stackbox.image.spi.ImageDescription;
import org.stackbox.image.spi.Images;
import org.stackbox.virt.DiskSource;
import org.stackbox.virt.DomainSpec;
import org.stackbox.virt.Hypervisor;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Nova's rebuild of a server booted from an image: the server keeps its id, ports, volumes and flavor, and gets a
 * new root disk from the image given (the old disk's data is gone), a new config drive with its new name and
 * metadata, and a fresh boot. A server that was stopped stays stopped. The server shows REBUILD meanwhile; the new
 * image, name and metadata show at once, as Nova's answer shows them.
 */
public final class ServerRebuild {
    private final ServerRepository servers;
    private final FlavorRepository flavors;
    private final Images images;
    private final ServerDisks disks;
    private final Hypervisor hypervisor;
    private final MetadataService metadata;
    private final RemoteConsoles consoles;
    private final ServerTransitions transitions;
    private final Clock clock;

    ServerRebuild(ServerRepository servers, FlavorRepository flavors, Images images, ServerDisks disks,
                  Hypervisor hypervisor, MetadataService metadata, RemoteConsoles consoles,
                  ServerTransitions transitions, Clock clock) {
        this.servers = requireNonNull(servers, "servers is null");
        this.flavors = requireNonNull(flavors, "flavors is null");
        this.images = requireNonNull(images, "images is null");
        this.disks = requireNonNull(disks, "disks is null");
        this.hypervisor = requireNonNull(hypervisor, "hypervisor is null");
        this.metadata = requireNonNull(metadata, "metadata is null");
        this.consoles = requireNonNull(consoles, "consoles is null");
        this.transitions = requireNonNull(transitions, "transitions is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A rebuild request: the image, and what else it changes (absent: kept). */
    public record Request(String imageRef, Optional<String> name, Optional<Map<String, String>> metadata) {
        public Request {
            requireNonNull(imageRef, "imageRef is null");
            requireNonNull(name, "name is null");
            requireNonNull(metadata, "metadata is null");
        }
    }

    /** Starts the rebuild and answers the server as it now is (REBUILD, with its new image, name and metadata). */
    public Server rebuild(Caller caller, String serverId, Request request) {
        Server server = transitions.get(caller, serverId);
        if (server.imageId() == null) {
            throw ServiceException.invalid("Unable to rebuild with a different image for a volume-backed server.");
        }
        ImageDescription image = images.findActive(caller, request.imageRef()).orElseThrow(() ->
                ServiceException.invalid("Image %s could not be found or is not active.", request.imageRef()));
        if (image.isIso()) {
            throw ServiceException.invalid("Image %s is an ISO image: a server is rebuilt from a disk image.",
                    image.id());
        }
        ComputeFlavor flavor = flavors.findById(server.flavorId()).orElseThrow();
        CreateRules.requireFlavorFits(flavor, image);
        Path imageFile = images.localFile(image.id()).orElseThrow(() ->
                ServiceException.invalid("Image %s has no local data.", image.id()));
        Server before = transitions.begin(caller, serverId, ServerAction.REBUILD);
        servers.rebuilding(serverId, image.id(), request.name().orElse(before.name()),
                request.metadata().orElse(before.metadata()), clock.instant());
        consoles.revokeStopped(serverId);
        transitions.runTask(caller, before, ServerAction.REBUILD, "compute_rebuild_instance", () -> {
            hypervisor.powerOff(serverId, Duration.ZERO);
            DomainSpec spec = hypervisor.definition(serverId);
            if (spec.disks().stream().anyMatch(disk -> disk.source() instanceof DiskSource.RootDisk)) {
                disks.replaceRootDisk(serverId, image, imageFile, flavor.diskGib());
            }
            if (spec.disks().stream().anyMatch(disk -> disk.source() instanceof DiskSource.ConfigDrive)) {
                disks.createConfigDrive(serverId, metadata.configDrive(serverId, spec));
            }
            if (before.status() != ServerStatus.SHUTOFF) {
                hypervisor.powerOn(serverId);
            }
        });
        return transitions.get(caller, serverId);
    }
}
