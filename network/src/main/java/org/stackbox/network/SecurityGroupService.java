package org.stackbox.network;

import org.stackbox.common.Ids;
import org.stackbox.common.auth.Caller;
import org.stackbox.network.NetworkCommands.NewSecurityGroup;
import org.stackbox.network.NetworkCommands.NewSecurityGroupRule;
import org.stackbox.network.NetworkCommands.SecurityGroupChanges;
import org.stackbox.network.model.SecurityGroup;
import org.stackbox.network.model.SecurityGroupRule;
import org.stackbox.network.model.SecurityGroupRule.Direction;
import org.stackbox.network.model.SecurityGroupRule.Ethertype;
import org.stackbox.network.spi.NeutronException;
import org.stackbox.network.spi.NeutronFault;
import org.stackbox.network.store.DuplicateKeyException;
import org.stackbox.network.store.PortRepository;
import org.stackbox.network.store.SecurityGroupRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Security groups and their rules with Neutron's rules and messages. Every project has a {@code default} group, made
 * the first time the project lists groups, makes one, or makes a network or port: it lets in traffic from its own
 * members and lets out everything (two ingress rules whose remote group is itself and two egress rules, IPv4 and
 * IPv6). Other new groups start with the two egress rules. A group or rule of another project is not found (404),
 * as Neutron hides it.
 */
public final class SecurityGroupService {
    /** Neutron's default quotas (quota_security_group, quota_security_group_rule). */
    static final int GROUP_QUOTA = 10;
    static final int RULE_QUOTA = 100;

    private final SecurityGroupRepository groups;
    private final PortRepository ports;
    private final Clock clock;

    private final List<Consumer<String>> ruleListeners = new CopyOnWriteArrayList<>();

    public SecurityGroupService(SecurityGroupRepository groups, PortRepository ports, Clock clock) {
        this.groups = requireNonNull(groups, "groups is null");
        this.ports = requireNonNull(ports, "ports is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    // ---- groups --------------------------------------------------------------------------------------------------

    /**
     * The project's default group, made now if it has none. Empty when the caller may not make it: Neutron lets no
     * project make another's default group (bug 1987410), only an administrator.
     */
    public Optional<String> ensureDefault(Caller caller, String projectId) {
        if (!caller.isAdmin() && !projectId.equals(caller.projectId())) {
            return Optional.empty();
        }
        Optional<String> existing = groups.defaultGroupOf(projectId);
        if (existing.isPresent()) {
            return existing;
        }
        Instant now = clock.instant();
        SecurityGroup group = new SecurityGroup(Ids.uuid(), projectId, SecurityGroup.DEFAULT_NAME,
                SecurityGroup.DEFAULT_DESCRIPTION, true, List.of(), 1, now, now);
        List<SecurityGroupRule> rules = new ArrayList<>();
        for (Ethertype ethertype : Ethertype.values()) {
            rules.add(template(group, Direction.EGRESS, ethertype, Optional.empty(), now));
            rules.add(template(group, Direction.INGRESS, ethertype, Optional.of(group.id()), now));
        }
        try {
            groups.insert(group, rules, true);
            return Optional.of(group.id());
        } catch (DuplicateKeyException e) {
            return groups.defaultGroupOf(projectId);
        }
    }

    public SecurityGroup createGroup(Caller caller, NewSecurityGroup request) {
        String projectId = Access.projectFor(caller, request.projectId());
        if (request.name().equalsIgnoreCase(SecurityGroup.DEFAULT_NAME)) {
            throw new NeutronException(NeutronFault.SECURITY_GROUP_DEFAULT_ALREADY_EXISTS,
                    "Default security group already exists.");
        }
        ensureDefault(caller, projectId);
        if (groups.countGroups(projectId) + 1 > GROUP_QUOTA) {
            throw NeutronException.overQuota("security_group");
        }
        if (groups.countRules(projectId) + 2 > RULE_QUOTA) {
            throw NeutronException.overQuota("security_group_rule");
        }
        Instant now = clock.instant();
        SecurityGroup group = new SecurityGroup(Ids.uuid(), projectId, request.name(), request.description(),
                request.stateful().orElse(true), List.of(), 1, now, now);
        List<SecurityGroupRule> rules = List.of(
                template(group, Direction.EGRESS, Ethertype.IPV4, Optional.empty(), now),
                template(group, Direction.EGRESS, Ethertype.IPV6, Optional.empty(), now));
        groups.insert(group, rules, false);
        return group;
    }

    /** The groups the caller sees (its project's, every group for an administrator), its default group made first. */
    public List<SecurityGroup> listGroups(Caller caller) {
        if (caller.projectId() != null) {
            ensureDefault(caller, caller.projectId());
        }
        return groups.list(Access.listingScope(caller));
    }

    public SecurityGroup getGroup(Caller caller, String groupId) {
        return groups.findById(groupId).filter(group -> Access.owns(caller, group.projectId()))
                .orElseThrow(() -> NeutronException.securityGroupNotFound(groupId));
    }

    public SecurityGroup updateGroup(Caller caller, String groupId, SecurityGroupChanges changes) {
        SecurityGroup group = getGroup(caller, groupId);
        if (changes.stateful().filter(stateful -> stateful != group.stateful()).isPresent()
                && !ports.portsInGroup(groupId).isEmpty()) {
            throw inUse(groupId);
        }
        if (changes.name().isPresent() && group.name().equals(SecurityGroup.DEFAULT_NAME)) {
            throw new NeutronException(NeutronFault.SECURITY_GROUP_CANNOT_UPDATE_DEFAULT,
                    "Updating default security group not allowed.");
        }
        SecurityGroup updated = group.updated(changes.name().orElse(group.name()),
                changes.description().orElse(group.description()), changes.stateful().orElse(group.stateful()),
                clock.instant());
        groups.update(updated);
        return updated;
    }

    public SecurityGroup setTags(Caller caller, String groupId, List<String> tags) {
        SecurityGroup updated = getGroup(caller, groupId).withTags(tags, clock.instant());
        groups.update(updated);
        return updated;
    }

    /** Deletes the group with its rules and the rules that name it; 409 while a port uses it. */
    public void deleteGroup(Caller caller, String groupId) {
        SecurityGroup group = getGroup(caller, groupId);
        if (!ports.portsInGroup(groupId).isEmpty()) {
            throw inUse(groupId);
        }
        if (group.name().equals(SecurityGroup.DEFAULT_NAME) && !caller.isAdmin()) {
            throw new NeutronException(NeutronFault.SECURITY_GROUP_CANNOT_REMOVE_DEFAULT,
                    "Insufficient rights for removing default security group.");
        }
        groups.delete(groupId);
    }

    /** The group, whoever owns it: for the firewall, which enforces every project's groups. */
    public Optional<SecurityGroup> find(String groupId) {
        return groups.findById(groupId);
    }

    public boolean isDefault(String groupId) {
        return groups.isDefault(groupId);
    }

    /** {@code listener} is told the id of a group whose rules changed, after the change is stored. */
    public void addRuleListener(Consumer<String> listener) {
        ruleListeners.add(requireNonNull(listener, "listener is null"));
    }

    // ---- rules ---------------------------------------------------------------------------------------------------

    public SecurityGroupRule createRule(Caller caller, NewSecurityGroupRule request) {
        NewSecurityGroupRule rule = SecurityGroupRuleChecks.canonical(request);
        if (rule.remoteGroupId().isPresent()) {
            getGroup(caller, rule.remoteGroupId().get());
        }
        SecurityGroup group = getGroup(caller, rule.securityGroupId());
        String projectId = Access.projectFor(caller, request.projectId());
        for (SecurityGroupRule existing : groups.rulesOf(group.id())) {
            if (SecurityGroupRuleChecks.same(existing, rule)) {
                throw new NeutronException(NeutronFault.SECURITY_GROUP_RULE_EXISTS,
                        "Security group rule already exists. Rule id is %s.".formatted(existing.id()));
            }
        }
        if (groups.countRules(projectId) + 1 > RULE_QUOTA) {
            throw NeutronException.overQuota("security_group_rule");
        }
        Instant now = clock.instant();
        SecurityGroupRule created = new SecurityGroupRule(Ids.uuid(), group.id(), projectId, rule.direction(),
                rule.ethertype(), rule.protocol(), rule.portRangeMin(), rule.portRangeMax(),
                rule.remoteIpPrefix().map(IpPrefix::toString), rule.remoteGroupId(), rule.description(), 1, now, now);
        groups.insertRule(created);
        touch(group, now);
        ruleListeners.forEach(listener -> listener.accept(group.id()));
        return created;
    }

    /** The rules the caller sees: those of its groups (every rule for an administrator). */
    public List<SecurityGroupRule> listRules(Caller caller) {
        List<String> visible = listGroups(caller).stream().map(SecurityGroup::id).toList();
        return groups.allRules().stream().filter(rule -> visible.contains(rule.securityGroupId())
                || Access.owns(caller, rule.projectId())).toList();
    }

    public List<SecurityGroupRule> rulesOf(String groupId) {
        return groups.rulesOf(groupId);
    }

    public SecurityGroupRule getRule(Caller caller, String ruleId) {
        return groups.findRule(ruleId).filter(rule -> Access.owns(caller, rule.projectId())
                        || groups.findById(rule.securityGroupId()).filter(g -> Access.owns(caller, g.projectId())).isPresent())
                .orElseThrow(() -> new NeutronException(NeutronFault.SECURITY_GROUP_RULE_NOT_FOUND,
                        "Security group rule %s does not exist".formatted(ruleId), ruleId));
    }

    public void deleteRule(Caller caller, String ruleId) {
        SecurityGroupRule rule = getRule(caller, ruleId);
        groups.deleteRule(ruleId);
        groups.findById(rule.securityGroupId()).ifPresent(group -> touch(group, clock.instant()));
        ruleListeners.forEach(listener -> listener.accept(rule.securityGroupId()));
    }

    // ---- ports ---------------------------------------------------------------------------------------------------

    /** The groups, checked: each must exist and belong to the port's project (an administrator may use any). */
    List<String> requireUsable(Caller caller, String projectId, List<String> groupIds) {
        List<String> missing = new ArrayList<>();
        for (String groupId : groupIds) {
            Optional<SecurityGroup> group = groups.findById(groupId);
            if (group.isEmpty() || !(caller.isAdmin() || group.get().projectId().equals(projectId))) {
                missing.add(groupId);
            }
        }
        if (!missing.isEmpty()) {
            throw NeutronException.securityGroupNotFound(String.join(", ", missing));
        }
        List<SecurityGroup> chosen = groupIds.stream().distinct().map(id -> groups.findById(id).orElseThrow()).toList();
        if (chosen.stream().anyMatch(SecurityGroup::stateful) && chosen.stream().anyMatch(group -> !group.stateful())) {
            throw new NeutronException(NeutronFault.SECURITY_GROUP_CONFLICT, "Error Cannot apply both stateful and "
                    + "stateless security groups on the same port at the same time while attempting the operation.");
        }
        return groupIds.stream().distinct().toList();
    }

    private static SecurityGroupRule template(SecurityGroup group, Direction direction, Ethertype ethertype,
                                              Optional<String> remoteGroupId, Instant now) {
        return new SecurityGroupRule(Ids.uuid(), group.id(), group.projectId(), direction, ethertype, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), remoteGroupId, "", 1, now, now);
    }

    /** A rule's change is a change of its group (Neutron bumps the group's revision). */
    private void touch(SecurityGroup group, Instant now) {
        groups.update(group.updated(group.name(), group.description(), group.stateful(), now));
    }

    private static NeutronException inUse(String groupId) {
        return new NeutronException(NeutronFault.SECURITY_GROUP_IN_USE,
                "Security Group %s in use.".formatted(groupId), groupId);
    }
}
