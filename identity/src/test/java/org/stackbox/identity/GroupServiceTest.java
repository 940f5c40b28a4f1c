package org.stackbox.identity;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbox.common.ServiceError;
import org.stackbox.common.ServiceException;
import org.stackbox.common.auth.Caller;
import org.stackbox.database.DatabaseUrl;
import org.stackbox.identity.IdentityService.EffectiveAssignment;
import org.stackbox.identity.model.Group;
import org.stackbox.identity.model.Project;
import org.stackbox.identity.model.Role;
import org.stackbox.identity.model.RoleAssignment;
import org.stackbox.identity.model.RoleAssignment.ActorType;
import org.stackbox.identity.model.RoleAssignment.TargetType;
import org.stackbox.identity.model.User;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.stackbox.identity.IdentityFixture.project;
import static org.stackbox.identity.IdentityFixture.user;

class GroupServiceTest {
    @TempDir
    Path directory;

    private IdentityFixture fixture;
    private Caller admin;
    private Project project;
    private User alice;
    private Group group;
    private String member;

    @BeforeEach
    void setUp() {
        fixture = new IdentityFixture(DatabaseUrl.sqlite(directory.resolve("identity.db")));
        admin = fixture.tokens.authenticate(fixture.tokens.issueWithPassword(user("admin"), fixture.adminPassword,
                new ScopeRequest.Default()).secret()).orElseThrow();
        project = fixture.identity.createProject(admin, "team", Optional.empty(), null, true);
        alice = fixture.identity.createUser(admin, new IdentityService.NewUser("alice", Optional.empty(),
                Optional.of("pw"), true, Optional.empty(), Optional.empty(), Optional.empty()));
        group = fixture.groups.create(admin, "developers", Optional.empty(), "who builds");
        member = fixture.roles.findByName("member").orElseThrow().id();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void aRoleGrantedToAGroupIsHeldByItsMembersWhileTheyBelong() {
        fixture.identity.grant(admin, groupGrant(member));
        assertThatThrownBy(() -> fixture.tokens.issueWithPassword(user("alice"), "pw", project("team")))
                .isInstanceOf(ServiceException.class).extracting("code").isEqualTo(ServiceError.NOT_AUTHENTICATED);

        fixture.groups.addMember(admin, group.id(), alice.id());
        IssuedToken token = fixture.tokens.issueWithPassword(user("alice"), "pw", project("team"));
        assertThat(token.roles()).extracting(Role::name).containsExactlyInAnyOrder("member", "reader");
        assertThat(fixture.identity.listUserProjects(admin, alice.id())).extracting(Project::name).containsExactly("team");

        fixture.groups.removeMember(admin, group.id(), alice.id());
        assertThat(fixture.tokens.authenticate(token.secret())).isEmpty();
        assertThat(fixture.identity.listUserProjects(admin, alice.id())).isEmpty();
    }

    @Test
    void deletingTheGroupTakesItsGrantsAndMembershipsWithIt() {
        fixture.identity.grant(admin, groupGrant(member));
        fixture.groups.addMember(admin, group.id(), alice.id());
        IssuedToken token = fixture.tokens.issueWithPassword(user("alice"), "pw", project("team"));

        fixture.groups.delete(admin, group.id());
        assertThat(fixture.tokens.authenticate(token.secret())).isEmpty();
        assertThat(fixture.groups.groupsOf(admin, alice.id())).isEmpty();
        assertThat(fixture.identity.listAssignments(admin, Optional.empty(), Optional.of(group.id()), Optional.empty(),
                Optional.empty(), Optional.empty())).isEmpty();
    }

    @Test
    void effectiveAssignmentsStandForEachMemberAndNameTheGroup() {
        fixture.identity.grant(admin, groupGrant(member));
        fixture.groups.addMember(admin, group.id(), alice.id());

        assertThat(fixture.identity.listAssignments(admin, Optional.empty(), Optional.empty(),
                Optional.of(TargetType.PROJECT), Optional.of(project.id()), Optional.empty()))
                .containsExactly(groupGrant(member));
        assertThat(fixture.identity.listEffectiveAssignments(admin, Optional.of(alice.id()),
                Optional.of(TargetType.PROJECT), Optional.of(project.id()), Optional.empty()))
                .containsExactly(new EffectiveAssignment(alice.id(), groupGrant(member), Optional.of(group.id())));
        assertThat(fixture.identity.rolesOn(admin, ActorType.USER, alice.id(), TargetType.PROJECT, project.id()))
                .as("a user's own grants leave out what a group gives").isEmpty();
        assertThatThrownBy(() -> fixture.identity.check(admin,
                RoleAssignment.ofUser(alice.id(), TargetType.PROJECT, project.id(), member)))
                .extracting("code").isEqualTo(ServiceError.NOT_FOUND);
    }

    @Test
    void namesAreUniquePerDomainAndMembershipsOfStrangersAreNotFound() {
        assertThatThrownBy(() -> fixture.groups.create(admin, "developers", Optional.empty(), null))
                .extracting("code").isEqualTo(ServiceError.CONFLICT);
        assertThatThrownBy(() -> fixture.groups.checkMember(admin, group.id(), alice.id()))
                .hasMessage("User '%s' not found in group '%s'", alice.id(), group.id());
        assertThatThrownBy(() -> fixture.groups.addMember(admin, group.id(), "nobody"))
                .hasMessage("Could not find user: nobody.");
        assertThatThrownBy(() -> fixture.identity.grant(admin,
                new RoleAssignment(ActorType.GROUP, "nothing", TargetType.PROJECT, project.id(), member)))
                .hasMessage("Could not find group: nothing.");
        assertThatThrownBy(() -> fixture.groups.update(admin, group.id(), Optional.of(" "), Optional.empty()))
                .extracting("code").isEqualTo(ServiceError.INVALID_REQUEST);
    }

    private RoleAssignment groupGrant(String roleId) {
        return new RoleAssignment(ActorType.GROUP, group.id(), TargetType.PROJECT, project.id(), roleId);
    }
}
