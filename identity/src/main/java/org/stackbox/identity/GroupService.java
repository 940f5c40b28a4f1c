package org.stackbox.identity;

import org.stackbox.common.Ids;
import org.stackbox.common.ServiceException;
import org.stackbox.common.auth.Caller;
import org.stackbox.identity.model.Group;
import org.stackbox.identity.model.User;
import org.stackbox.identity.store.DomainRepository;
import org.stackbox.identity.store.GroupRepository;
import org.stackbox.identity.store.UserRepository;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Keystone's groups and their members. A role granted to a group (through {@link IdentityService#grant}) is held by
 * every member for as long as it belongs: tokens work their roles out when they are validated, so joining or
 * leaving a group takes effect on the next request, as Keystone's revocation events make it.
 */
public final class GroupService {
    private final GroupRepository groups;
    private final UserRepository users;
    private final DomainRepository domains;

    public GroupService(GroupRepository groups, UserRepository users, DomainRepository domains) {
        this.groups = requireNonNull(groups, "groups is null");
        this.users = requireNonNull(users, "users is null");
        this.domains = requireNonNull(domains, "domains is null");
    }

    public List<Group> list(Caller caller, Optional<String> domainId, Optional<String> name) {
        return groups.list(domainId, name);
    }

    public Group get(Caller caller, String id) {
        return groups.findById(id).orElseThrow(() -> ServiceException.notFound("Could not find group: %s.", id));
    }

    public Group create(Caller caller, String name, Optional<String> domainId, String description) {
        IdentityService.requireName(name, "group");
        String domain = domainId.orElse(caller.userDomainId());
        if (domains.findById(domain).isEmpty()) {
            throw ServiceException.invalid("Could not find domain: %s.", domain);
        }
        requireFreeName(domain, name, Optional.empty());
        Group group = new Group(Ids.hex(), name, domain, description);
        groups.insert(group);
        return group;
    }

    public Group update(Caller caller, String id, Optional<String> name, Optional<String> description) {
        Group current = get(caller, id);
        name.ifPresent(newName -> {
            IdentityService.requireName(newName, "group");
            requireFreeName(current.domainId(), newName, Optional.of(id));
        });
        Group updated = new Group(id, name.orElse(current.name()), current.domainId(),
                description.orElse(current.description()));
        groups.update(updated);
        return updated;
    }

    public void delete(Caller caller, String id) {
        get(caller, id);
        groups.delete(id);
    }

    public List<User> members(Caller caller, String groupId) {
        get(caller, groupId);
        return users.listInGroup(groupId);
    }

    public List<Group> groupsOf(Caller caller, String userId) {
        requireUser(userId);
        return groups.listForUser(userId);
    }

    public void addMember(Caller caller, String groupId, String userId) {
        get(caller, groupId);
        requireUser(userId);
        groups.addMember(groupId, userId);
    }

    /** 404 unless the user belongs to the group, as Keystone's check and removal answer. */
    public void checkMember(Caller caller, String groupId, String userId) {
        get(caller, groupId);
        requireUser(userId);
        if (!groups.isMember(groupId, userId)) {
            throw notMember(groupId, userId);
        }
    }

    public void removeMember(Caller caller, String groupId, String userId) {
        get(caller, groupId);
        requireUser(userId);
        if (!groups.removeMember(groupId, userId)) {
            throw notMember(groupId, userId);
        }
    }

    private void requireUser(String userId) {
        users.findById(userId).orElseThrow(() -> ServiceException.notFound("Could not find user: %s.", userId));
    }

    private void requireFreeName(String domainId, String name, Optional<String> except) {
        groups.findByName(domainId, name).filter(other -> except.map(id -> !id.equals(other.id())).orElse(true))
                .ifPresent(other -> {
                    throw ServiceException.conflict("Conflict occurred attempting to store group - Duplicate entry found with name %s at domain ID %s.",
                            name, domainId);
                });
    }

    private static ServiceException notMember(String groupId, String userId) {
        return ServiceException.notFound("User '%s' not found in group '%s'", userId, groupId);
    }
}
