package org.stackbox.compute;

import org.stackbox.common.ServiceException;
import org.stackbox.common.auth.Caller;
import org.stackbox.compute.model.Server;
import org.stackbox.compute.model.ServerAction;
import org.stackbox.compute.model.ServerLock;
import org.stackbox.compute.model.ServerStatus;
import org.stackbox.compute.store.ServerRepository;
import org.stackbox.image.spi.Images;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The servers a caller may see, found by id or name, and their names, descriptions and metadata. */
public final class Servers {

    private final ServerRepository servers;
    private final ServerTransitions transitions;
    private final ComputeQuotas quotas;
    private final Images images;
    private final Clock clock;

    public Servers(ServerRepository servers, ServerTransitions transitions, ComputeQuotas quotas, Images images,
                   Clock clock) {
        this.images = requireNonNull(images, "images is null");
        this.servers = requireNonNull(servers, "servers is null");
        this.transitions = requireNonNull(transitions, "transitions is null");
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public Server get(Caller caller, String serverId) {
        return transitions.get(caller, serverId);
    }

    /** The caller's servers, or every project's for an administrator asking for all tenants. */
    public List<Server> list(Caller caller, boolean allTenants) {
        return servers.listLive(caller.isAdmin() && allTenants ? Optional.empty() : Optional.of(caller.projectId()));
    }

    /** Finds a server by id, or by exact name among the caller's servers. */
    public Server find(Caller caller, String idOrName, boolean allTenants) {
        Optional<Server> byId = servers.findById(idOrName).filter(server -> server.status() != ServerStatus.DELETED);
        if (byId.isPresent()) {
            return get(caller, idOrName);
        }
        List<Server> named = list(caller, allTenants).stream().filter(s -> s.name().equals(idOrName)).toList();
        if (named.size() != 1) {
            throw named.isEmpty() ? ServiceException.notFound("Instance %s could not be found.", idOrName)
                    : ServiceException.conflict("More than one server is named %s; use its id.", idOrName);
        }
        return named.get(0);
    }

    /** Changes the name and description only: whatever an action does to the server meanwhile stays. */
    public Server update(Caller caller, String serverId, Optional<String> name, Optional<String> description) {
        Server server = get(caller, serverId);
        servers.rename(serverId, name.orElse(server.name()), description.orElse(server.description()),
                clock.instant());
        return get(caller, serverId);
    }

    /**
     * Sets metadata items: {@code items} are added to the server's (or replace them all, {@code replaceAll}), as
     * Nova's server metadata API does; answers the server's metadata after the change. More items in all than the
     * project's {@code metadata_items} quota are refused (403, Nova's quota message), as is a server that is building
     * or busy with a task (409).
     */
    public Map<String, String> setMetadata(Caller caller, String serverId, Map<String, String> items, boolean replaceAll) {
        Server server = get(caller, serverId);
        ServerAction.UPDATE_METADATA.requireUnlocked(server, caller.isAdmin());
        ServerAction.UPDATE_METADATA.requireLegal(server);
        long allowed = quotas.metadataItems(server.projectId());
        return servers.changeMetadata(serverId, metadata -> {
            Map<String, String> changed = replaceAll ? new LinkedHashMap<>() : metadata;
            changed.putAll(items);
            BootOrder.requireValid(changed);
            NetbootImages.requireUsable(images, caller, changed);
            if (allowed >= 0 && changed.size() > allowed) {
                throw ServiceException.forbidden("Maximum number of metadata items exceeds %d", allowed);
            }
            return changed;
        }, clock.instant());
    }

    /** Deletes one metadata item; 404 if the server has none of that key. */
    public void deleteMetadata(Caller caller, String serverId, String key) {
        Server server = get(caller, serverId);
        if (!server.metadata().containsKey(key)) {
            throw ServiceException.notFound("Metadata item was not found");
        }
        ServerAction.DELETE_METADATA.requireUnlocked(server, caller.isAdmin());
        ServerAction.DELETE_METADATA.requireLegal(server);
        servers.changeMetadata(serverId, metadata -> {
            if (metadata.remove(key) == null) {
                throw ServiceException.notFound("Metadata item was not found");
            }
            return metadata;
        }, clock.instant());
    }

    /**
     * Locks the server, as Nova does: by its owner when the caller is of the server's project, else by an
     * administrator; locking a locked server changes nothing (Nova answers 202 all the same).
     */
    public void lock(Caller caller, String serverId, Optional<String> reason) {
        Server server = get(caller, serverId);
        if (server.lock() != null) {
            return;
        }
        ServerLock.LockedBy by = server.projectId().equals(caller.projectId()) ? ServerLock.LockedBy.OWNER
                : ServerLock.LockedBy.ADMIN;
        servers.setLock(serverId, Optional.of(new ServerLock(by, reason)), clock.instant());
    }

    /**
     * Unlocks the server. What an administrator locked only an administrator unlocks: anyone else gets the 403 of
     * Nova's {@code unlock_override} rule.
     */
    public void unlock(Caller caller, String serverId) {
        Server server = get(caller, serverId);
        if (server.lock() != null && server.lock().lockedBy() == ServerLock.LockedBy.ADMIN && !caller.isAdmin()) {
            throw ServiceException.forbidden(
                    "Policy doesn't allow os_compute_api:os-lock-server:unlock:unlock_override to be performed.");
        }
        servers.setLock(serverId, Optional.empty(), clock.instant());
    }

    /** Records the access addresses (Nova keeps them and configures nothing); an absent one stays as it is. */
    public Server updateAccessAddresses(Caller caller, String serverId, Optional<String> accessIpv4,
                                        Optional<String> accessIpv6) {
        Server server = get(caller, serverId);
        servers.setAccessAddresses(serverId, accessIpv4.orElse(server.accessIpv4()),
                accessIpv6.orElse(server.accessIpv6()), clock.instant());
        return get(caller, serverId);
    }

    /** An administrator's {@code os-resetState}: the server is put in {@code status} with no task. */
    public void resetState(Caller caller, String serverId, ServerStatus status) {
        get(caller, serverId);
        servers.resetState(serverId, status, clock.instant());
    }
}
