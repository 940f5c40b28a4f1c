package org.stackbox.compute;

import org.stackbox.common.Ids;
import org.stackbox.common.ServiceException;
import org.stackbox.common.auth.Caller;
import org.stackbox.compute.model.QuotaResource;
import org.stackbox.compute.model.ServerGroup;
import org.stackbox.compute.store.ServerGroupRepository;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * Server groups, as Nova keeps them: a project's groups within its {@code server_groups} quota, members joining at
 * server create (the {@code group} scheduler hint) within {@code server_group_members}, and the placement check a
 * build makes. This cloud is one host, so an affinity group always fits, and an anti-affinity group holds as many
 * servers as its {@code max_server_per_host} rule allows (one by default): the members that joined first keep the
 * host, a later one finds no valid host and ends in ERROR, as Nova's scheduler leaves it.
 */
public final class ServerGroups {
    private final ServerGroupRepository groups;
    private final ComputeQuotas quotas;
    private final Clock clock;

    public ServerGroups(ServerGroupRepository groups, ComputeQuotas quotas, Clock clock) {
        this.groups = requireNonNull(groups, "groups is null");
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public ServerGroup create(Caller caller, String name, String policy, OptionalInt maxServerPerHost) {
        if (caller.projectId() == null) {
            throw ServiceException.forbidden("A server group belongs to a project: use a project-scoped token.");
        }
        if (!policy.equals("anti-affinity") && maxServerPerHost.isPresent()) {
            throw ServiceException.invalid("Only anti-affinity policy supports rules.");
        }
        long limit = quotas.limits(caller.projectId()).get(QuotaResource.SERVER_GROUPS);
        if (limit >= 0 && groups.countFor(caller.projectId()) >= limit) {
            throw ServiceException.forbidden("Quota exceeded, too many server groups.");
        }
        ServerGroup group = new ServerGroup(Ids.uuid(), caller.projectId(), caller.userId(), name, policy,
                maxServerPerHost, clock.instant());
        groups.insert(group);
        return group;
    }

    /** The group, if it is the caller's project's (or the caller is an administrator); Nova's 404 otherwise. */
    public ServerGroup get(Caller caller, String id) {
        return groups.findById(id)
                .filter(group -> caller.isAdmin() || group.projectId().equals(caller.projectId()))
                .orElseThrow(() -> ServiceException.notFound("Instance group %s could not be found.", id));
    }

    /** The caller's project's groups, or every project's for an administrator who asks for all of them. */
    public List<ServerGroup> list(Caller caller, boolean allProjects) {
        return groups.list(allProjects && caller.isAdmin() ? Optional.empty() : Optional.ofNullable(caller.projectId()));
    }

    public void delete(Caller caller, String id) {
        groups.delete(get(caller, id).id());
    }

    /** The group's live members, in the order they joined. */
    public List<String> members(ServerGroup group) {
        return groups.members(group.id());
    }

    /** The ids of the groups the server is a member of. */
    public List<String> groupsOf(String serverId) {
        return groups.groupsOf(serverId);
    }

    /**
     * The group a new server asks to join ({@code os:scheduler_hints.group}): Nova's 400 when the caller cannot see
     * it, 403 when it holds as many servers as the {@code server_group_members} quota allows.
     */
    public ServerGroup requireRoomIn(Caller caller, String groupId) {
        ServerGroup group = groups.findById(groupId)
                .filter(found -> caller.isAdmin() || found.projectId().equals(caller.projectId()))
                .orElseThrow(() -> ServiceException.invalid("Instance group %s could not be found.", groupId));
        long limit = quotas.limits(group.projectId()).get(QuotaResource.SERVER_GROUP_MEMBERS);
        if (limit >= 0 && groups.members(groupId).size() >= limit) {
            throw ServiceException.forbidden("Quota exceeded, too many servers in group");
        }
        return group;
    }

    /** Records the server (already in the database) as a member of the group. */
    public void join(ServerGroup group, String serverId) {
        groups.join(group.id(), serverId, clock.instant());
    }

    /**
     * Whether the server may run on this host under its groups' policies: false when one of its anti-affinity groups
     * already has as many members placed here (not deleted, not failed) as the group allows per host, counting the
     * members that joined before it.
     */
    public boolean admits(String serverId) {
        for (String groupId : groups.groupsOf(serverId)) {
            Optional<ServerGroup> group = groups.findById(groupId);
            if (group.isPresent() && groups.placedBefore(groupId, serverId).size() >= group.get().membersPerHost()) {
                return false;
            }
        }
        return true;
    }
}
