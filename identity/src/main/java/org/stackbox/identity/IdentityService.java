package org.stackbox.identity;

import org.stackbox.common.auth.Caller;
import org.stackbox.common.ServiceException;
import org.stackbox.common.Ids;
import org.stackbox.identity.model.Domain;
import org.stackbox.identity.model.Project;
import org.stackbox.identity.model.Role;
import org.stackbox.identity.model.RoleAssignment;
import org.stackbox.identity.model.RoleAssignment.ActorType;
import org.stackbox.identity.model.RoleAssignment.TargetType;
import org.stackbox.identity.model.User;
import org.stackbox.identity.store.DomainRepository;
import org.stackbox.identity.store.GroupRepository;
import org.stackbox.identity.store.ProjectRepository;
import org.stackbox.identity.store.RoleRepository;
import org.stackbox.identity.store.TokenRepository;
import org.stackbox.identity.store.UserRepository;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Domains, projects, users, roles and role assignments. Who may call what is the policy's decision (identity-policy
 * and the operator's policy.yaml), made before a call gets here; this service only filters what a caller sees.
 */
public final class IdentityService {
    private final DomainRepository domains;
    private final ProjectRepository projects;
    private final UserRepository users;
    private final GroupRepository groups;
    private final RoleRepository roles;
    private final TokenRepository tokens;
    private final PasswordHasher passwordHasher;

    public IdentityService(DomainRepository domains, ProjectRepository projects, UserRepository users,
                           GroupRepository groups, RoleRepository roles, TokenRepository tokens,
                           PasswordHasher passwordHasher) {
        this.domains = requireNonNull(domains, "domains is null");
        this.projects = requireNonNull(projects, "projects is null");
        this.users = requireNonNull(users, "users is null");
        this.groups = requireNonNull(groups, "groups is null");
        this.roles = requireNonNull(roles, "roles is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.passwordHasher = requireNonNull(passwordHasher, "passwordHasher is null");
    }

    // Domains

    public List<Domain> listDomains(Caller caller, Optional<String> name) {
        if (!caller.isAdmin()) {
            // Everyone may see the domain their own user lives in.
            return domains.findById(caller.userDomainId()).filter(d -> name.map(d.name()::equals).orElse(true))
                    .map(List::of).orElse(List.of());
        }
        return domains.list(name);
    }

    public Domain getDomain(Caller caller, String id) {
        Domain domain = domains.findById(id).orElseThrow(() -> ServiceException.notFound("Could not find domain: %s.", id));
        return domain;
    }

    public Domain createDomain(Caller caller, String name, String description, boolean enabled) {
        requireName(name, "domain");
        if (domains.findByName(name).isPresent()) {
            throw ServiceException.conflict("Conflict occurred attempting to store domain - Duplicate entry found with name %s.", name);
        }
        Domain domain = new Domain(Ids.hex(), name, description, enabled);
        domains.insert(domain);
        return domain;
    }

    public Domain updateDomain(Caller caller, String id, Optional<String> name, Optional<String> description, Optional<Boolean> enabled) {
        Domain current = getDomain(caller, id);
        name.ifPresent(newName -> {
            requireName(newName, "domain");
            domains.findByName(newName).filter(other -> !other.id().equals(id)).ifPresent(other -> {
                throw ServiceException.conflict("Conflict occurred attempting to store domain - Duplicate entry found with name %s.", newName);
            });
        });
        Domain updated = new Domain(id, name.orElse(current.name()), description.orElse(current.description()),
                enabled.orElse(current.enabled()));
        domains.update(updated);
        return updated;
    }

    public void deleteDomain(Caller caller, String id) {
        Domain domain = getDomain(caller, id);
        if (domain.enabled()) {
            throw ServiceException.forbidden("Cannot delete a domain that is enabled, please disable it first.");
        }
        if (projects.existsInDomain(id) || users.existsInDomain(id) || groups.existsInDomain(id)) {
            throw ServiceException.conflict("Cannot delete domain %s: it still owns projects, users or groups.", id);
        }
        domains.delete(id);
    }

    // Projects

    public List<Project> listProjects(Caller caller, Optional<String> domainId, Optional<String> name) {
        return projects.list(domainId, name);
    }

    /** The projects the user holds a role on, for {@code /v3/auth/projects} and {@code /v3/users/{id}/projects}. */
    public List<Project> listUserProjects(Caller caller, String userId) {
        return projects.listForUser(userId).stream().filter(Project::enabled).toList();
    }

    public Project getProject(Caller caller, String id) {
        Project project = projects.findById(id).orElseThrow(() -> ServiceException.notFound("Could not find project: %s.", id));
        return project;
    }

    public Project createProject(Caller caller, String name, Optional<String> domainId, String description, boolean enabled) {
        requireName(name, "project");
        String domain = domainId.orElse(caller.projectId() != null ? projectDomain(caller.projectId()) : caller.userDomainId());
        if (domains.findById(domain).isEmpty()) {
            throw ServiceException.invalid("Could not find domain: %s.", domain);
        }
        if (projects.findByName(domain, name).isPresent()) {
            throw ServiceException.conflict("Conflict occurred attempting to store project - it is not permitted to have two projects with the same name in the same domain : %s.", name);
        }
        Project project = new Project(Ids.hex(), name, domain, description == null ? "" : description, enabled);
        projects.insert(project);
        return project;
    }

    public Project updateProject(Caller caller, String id, Optional<String> name, Optional<String> description, Optional<Boolean> enabled) {
        Project current = getProject(caller, id);
        name.ifPresent(newName -> {
            requireName(newName, "project");
            projects.findByName(current.domainId(), newName).filter(other -> !other.id().equals(id)).ifPresent(other -> {
                throw ServiceException.conflict("Conflict occurred attempting to store project - it is not permitted to have two projects with the same name in the same domain : %s.", newName);
            });
        });
        Project updated = new Project(id, name.orElse(current.name()), current.domainId(),
                description.orElse(current.description()), enabled.orElse(current.enabled()));
        projects.update(updated);
        if (!updated.enabled()) {
            tokens.revokeForProject(id);
        }
        return updated;
    }

    public void deleteProject(Caller caller, String id) {
        getProject(caller, id);
        if (id.equals(caller.projectId())) {
            throw ServiceException.forbidden("Cannot delete the project your own token is scoped to.");
        }
        tokens.revokeForProject(id);
        projects.delete(id);
    }

    // Users

    public List<User> listUsers(Caller caller, Optional<String> domainId, Optional<String> name) {
        return users.list(domainId, name);
    }

    public User getUser(Caller caller, String id) {
        return users.findById(id).orElseThrow(() -> ServiceException.notFound("Could not find user: %s.", id));
    }

    public User createUser(Caller caller, NewUser request) {
        requireName(request.name(), "user");
        String domain = request.domainId().orElse(caller.userDomainId());
        if (domains.findById(domain).isEmpty()) {
            throw ServiceException.invalid("Could not find domain: %s.", domain);
        }
        request.defaultProjectId().ifPresent(projectId -> projects.findById(projectId)
                .orElseThrow(() -> ServiceException.invalid("Could not find project: %s.", projectId)));
        if (users.findByName(domain, request.name()).isPresent()) {
            throw ServiceException.conflict("Conflict occurred attempting to store user - Duplicate entry found with name %s at domain ID %s.", request.name(), domain);
        }
        User user = new User(Ids.hex(), request.name(), domain,
                request.password().map(passwordHasher::hash).orElse(null), request.enabled(),
                request.defaultProjectId().orElse(null), request.email().orElse(null), request.description().orElse(null));
        users.insert(user);
        return user;
    }

    public User updateUser(Caller caller, String id, UserChanges changes) {
        User current = getUser(caller, id);
        changes.name().ifPresent(newName -> {
            requireName(newName, "user");
            users.findByName(current.domainId(), newName).filter(other -> !other.id().equals(id)).ifPresent(other -> {
                throw ServiceException.conflict("Conflict occurred attempting to store user - Duplicate entry found with name %s at domain ID %s.", newName, current.domainId());
            });
        });
        changes.defaultProjectId().ifPresent(projectId -> projects.findById(projectId)
                .orElseThrow(() -> ServiceException.invalid("Could not find project: %s.", projectId)));
        User updated = new User(id, changes.name().orElse(current.name()), current.domainId(),
                changes.password().map(passwordHasher::hash).orElse(current.passwordHash()),
                changes.enabled().orElse(current.enabled()),
                changes.defaultProjectId().orElse(current.defaultProjectId()),
                changes.email().orElse(current.email()), changes.description().orElse(current.description()));
        users.update(updated);
        if (changes.password().isPresent() || !updated.enabled()) {
            tokens.revokeForUser(id);
        }
        return updated;
    }

    public void deleteUser(Caller caller, String id) {
        getUser(caller, id);
        if (id.equals(caller.userId())) {
            throw ServiceException.forbidden("Cannot delete the user your own token belongs to.");
        }
        tokens.revokeForUser(id);
        users.delete(id);
    }

    public record NewUser(String name, Optional<String> domainId, Optional<String> password, boolean enabled,
                          Optional<String> defaultProjectId, Optional<String> email, Optional<String> description) {}

    public record UserChanges(Optional<String> name, Optional<String> password, Optional<Boolean> enabled,
                              Optional<String> defaultProjectId, Optional<String> email, Optional<String> description) {}

    // Roles

    public List<Role> listRoles(Caller caller, Optional<String> name) {
        return roles.list(name);
    }

    public Role getRole(Caller caller, String id) {
        return roles.findById(id).orElseThrow(() -> ServiceException.notFound("Could not find role: %s.", id));
    }

    public Role createRole(Caller caller, String name, String description) {
        requireName(name, "role");
        if (roles.findByName(name).isPresent()) {
            throw ServiceException.conflict("Conflict occurred attempting to store role - Duplicate entry found with name %s.", name);
        }
        Role role = new Role(Ids.hex(), name, description);
        roles.insert(role);
        return role;
    }

    public void deleteRole(Caller caller, String id) {
        getRole(caller, id);
        roles.delete(id);
    }

    // Role assignments

    public List<RoleAssignment> listAssignments(Caller caller, Optional<String> userId, Optional<String> groupId,
                                                Optional<TargetType> targetType, Optional<String> targetId,
                                                Optional<String> roleId) {
        return roles.assignments(userId, groupId, targetType, targetId, roleId);
    }

    /**
     * Keystone's {@code effective} view: each group's assignment stands for one assignment per member (the group
     * itself named as where it came from), and user assignments are kept as they are.
     */
    public List<EffectiveAssignment> listEffectiveAssignments(Caller caller, Optional<String> userId,
                                                              Optional<TargetType> targetType, Optional<String> targetId,
                                                              Optional<String> roleId) {
        List<EffectiveAssignment> effective = new java.util.ArrayList<>();
        for (RoleAssignment assignment : roles.assignments(Optional.empty(), Optional.empty(), targetType, targetId, roleId)) {
            if (assignment.actorType() == ActorType.USER) {
                if (userId.map(assignment.actorId()::equals).orElse(true)) {
                    effective.add(new EffectiveAssignment(assignment.actorId(), assignment, Optional.empty()));
                }
                continue;
            }
            for (String member : groups.memberIds(assignment.actorId())) {
                if (userId.map(member::equals).orElse(true)) {
                    effective.add(new EffectiveAssignment(member, assignment, Optional.of(assignment.actorId())));
                }
            }
        }
        return effective;
    }

    /** A role a user holds on a target, through {@code assignment}: its own, or its group {@code viaGroup}'s. */
    public record EffectiveAssignment(String userId, RoleAssignment assignment, Optional<String> viaGroup) {}

    public void grant(Caller caller, RoleAssignment assignment) {
        requireAssignmentParts(assignment);
        roles.assign(assignment);
    }

    public void revoke(Caller caller, RoleAssignment assignment) {
        requireAssignmentParts(assignment);
        if (!roles.unassign(assignment)) {
            throw assignmentNotFound(assignment);
        }
        if (assignment.actorType() == ActorType.USER && assignment.targetType() == TargetType.PROJECT
                && roles.rolesOn(assignment.actorId(), TargetType.PROJECT, assignment.targetId()).isEmpty()) {
            tokens.revokeForUserOnProject(assignment.actorId(), assignment.targetId());
        }
    }

    /** 404 unless the role was granted to this user or group itself on the target, as Keystone's check_grant. */
    public void check(Caller caller, RoleAssignment assignment) {
        requireAssignmentParts(assignment);
        if (!roles.exists(assignment)) {
            throw assignmentNotFound(assignment);
        }
    }

    /** The roles granted to the user or group itself on the target (not those it holds through a group). */
    public List<Role> rolesOn(Caller caller, ActorType actorType, String actorId, TargetType targetType, String targetId) {
        requireAssignmentTarget(actorType, actorId, targetType, targetId);
        return roles.grantedOn(actorType, actorId, targetType, targetId);
    }

    private static ServiceException assignmentNotFound(RoleAssignment assignment) {
        return ServiceException.notFound("Could not find role assignment with role: %s, user or group: %s, project, domain, or system: %s.",
                assignment.roleId(), assignment.actorId(), assignment.targetId());
    }

    private void requireAssignmentParts(RoleAssignment assignment) {
        requireAssignmentTarget(assignment.actorType(), assignment.actorId(), assignment.targetType(), assignment.targetId());
        roles.findById(assignment.roleId()).orElseThrow(() -> ServiceException.notFound("Could not find role: %s.", assignment.roleId()));
    }

    private void requireAssignmentTarget(ActorType actorType, String actorId, TargetType targetType, String targetId) {
        if (actorType == ActorType.USER) {
            users.findById(actorId).orElseThrow(() -> ServiceException.notFound("Could not find user: %s.", actorId));
        } else {
            groups.findById(actorId).orElseThrow(() -> ServiceException.notFound("Could not find group: %s.", actorId));
        }
        if (targetType == TargetType.PROJECT) {
            projects.findById(targetId).orElseThrow(() -> ServiceException.notFound("Could not find project: %s.", targetId));
        } else {
            domains.findById(targetId).orElseThrow(() -> ServiceException.notFound("Could not find domain: %s.", targetId));
        }
    }

    private String projectDomain(String projectId) {
        return projects.findById(projectId).map(Project::domainId).orElse("default");
    }

    static void requireName(String name, String kind) {
        if (name == null || name.isBlank()) {
            throw ServiceException.invalid("Invalid input for field 'name': a %s name must not be empty.", kind);
        }
        if (name.length() > 255) {
            throw ServiceException.invalid("Invalid input for field 'name': '%s...' is longer than 255 characters.", name.substring(0, 32));
        }
    }
}
