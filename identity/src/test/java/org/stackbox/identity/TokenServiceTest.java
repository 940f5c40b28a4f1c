package org.stackbox.identity;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbox.common.auth.Caller;
import org.stackbox.common.ServiceException;
import org.stackbox.common.ServiceError;
import org.stackbox.database.DatabaseUrl;
import org.stackbox.identity.model.Role;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.stackbox.identity.IdentityFixture.project;
import static org.stackbox.identity.IdentityFixture.user;

class TokenServiceTest {
    @TempDir
    Path directory;

    private IdentityFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new IdentityFixture(DatabaseUrl.sqlite(directory.resolve("identity.db")));
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void passwordLoginScopesToTheDefaultProjectWithImpliedRoles() {
        IssuedToken issued = fixture.tokens.issueWithPassword(user("admin"), fixture.adminPassword, new ScopeRequest.Default());
        assertThat(issued.project().name()).isEqualTo("admin");
        assertThat(issued.roles()).extracting(Role::name).containsExactlyInAnyOrder("admin", "manager", "member", "reader");
        assertThat(issued.secret()).hasSizeGreaterThan(40);
        assertThat(issued.token().tokenHash()).isNotEqualTo(issued.secret());
        assertThat(issued.token().expiresAt()).isEqualTo(fixture.clock.instant().plus(Duration.ofHours(1)));

        Caller caller = fixture.tokens.authenticate(issued.secret()).orElseThrow();
        assertThat(caller.isAdmin()).isTrue();
        assertThat(caller.projectName()).isEqualTo("admin");
    }

    @Test
    void aTokenShowsTheSameTimesWhenIssuedAndWhenValidated() {
        fixture.clock.advance(Duration.ofNanos(123_456_789));
        IssuedToken issued = fixture.tokens.issueWithPassword(user("admin"), fixture.adminPassword, new ScopeRequest.Default());
        IssuedToken validated = fixture.tokens.validate(issued.secret());
        assertThat(validated.token().issuedAt()).isEqualTo(issued.token().issuedAt());
        assertThat(validated.token().expiresAt()).isEqualTo(issued.token().expiresAt());
    }

    @Test
    void wrongPasswordsAndUnknownUsersAreTheSameUnauthorized() {
        assertThatThrownBy(() -> fixture.tokens.issueWithPassword(user("admin"), "wrong", new ScopeRequest.Default()))
                .isInstanceOf(ServiceException.class).extracting("code").isEqualTo(ServiceError.NOT_AUTHENTICATED);
        assertThatThrownBy(() -> fixture.tokens.issueWithPassword(user("nobody"), "wrong", new ScopeRequest.Default()))
                .isInstanceOf(ServiceException.class).hasMessage("The request you have made requires authentication.");
    }

    @Test
    void scopingToAProjectWithoutARoleThereIsRefused() {
        Caller admin = adminCaller();
        fixture.identity.createProject(admin, "elsewhere", Optional.empty(), null, true);
        fixture.identity.createUser(admin, new IdentityService.NewUser("alice", Optional.empty(), Optional.of("pw"), true,
                Optional.empty(), Optional.empty(), Optional.empty()));

        assertThatThrownBy(() -> fixture.tokens.issueWithPassword(user("alice"), "pw", project("elsewhere")))
                .isInstanceOf(ServiceException.class).extracting("code").isEqualTo(ServiceError.NOT_AUTHENTICATED);
        IssuedToken unscoped = fixture.tokens.issueWithPassword(user("alice"), "pw", new ScopeRequest.Default());
        assertThat(unscoped.isScoped()).isFalse();
        assertThat(unscoped.roles()).isEmpty();
    }

    @Test
    void expiredAndRevokedTokensNoLongerAuthenticate() {
        IssuedToken first = fixture.tokens.issueWithPassword(user("admin"), fixture.adminPassword, project("admin"));
        IssuedToken second = fixture.tokens.issueWithPassword(user("admin"), fixture.adminPassword, project("admin"));
        fixture.tokens.revoke(first.secret());
        assertThat(fixture.tokens.authenticate(first.secret())).isEmpty();
        assertThatThrownBy(() -> fixture.tokens.validate(first.secret())).extracting("code").isEqualTo(ServiceError.NOT_FOUND);
        assertThat(fixture.tokens.authenticate(second.secret())).isPresent();

        fixture.clock.advance(Duration.ofMinutes(61));
        assertThat(fixture.tokens.authenticate(second.secret())).isEmpty();
    }

    @Test
    void rescopingKeepsTheParentsExpiry() {
        IssuedToken unscoped = fixture.tokens.issueWithPassword(user("admin"), fixture.adminPassword, new ScopeRequest.Unscoped());
        assertThat(unscoped.isScoped()).isFalse();
        fixture.clock.advance(Duration.ofMinutes(10));
        IssuedToken scoped = fixture.tokens.issueWithToken(unscoped.secret(), project("admin"));
        assertThat(scoped.project().name()).isEqualTo("admin");
        assertThat(scoped.token().expiresAt()).isEqualTo(unscoped.token().expiresAt());
        assertThat(scoped.token().methods()).containsExactly("password", "token");
    }

    private Caller adminCaller() {
        return fixture.tokens.authenticate(
                fixture.tokens.issueWithPassword(user("admin"), fixture.adminPassword, new ScopeRequest.Default()).secret()).orElseThrow();
    }

    private org.stackbox.identity.model.RoleAssignment onProject(String userId, String projectId, String role) {
        return org.stackbox.identity.model.RoleAssignment.ofUser(userId,
                org.stackbox.identity.model.RoleAssignment.TargetType.PROJECT, projectId,
                fixture.roles.findByName(role).orElseThrow().id());
    }

    @Test
    void aManagerIsAlsoMemberAndReaderButNotAdmin() {
        Caller admin = adminCaller();
        var project = fixture.identity.createProject(admin, "managed", Optional.empty(), null, true);
        var mia = fixture.identity.createUser(admin, new IdentityService.NewUser("mia", Optional.empty(), Optional.of("pw"), true,
                Optional.empty(), Optional.empty(), Optional.empty()));
        fixture.identity.grant(admin, onProject(mia.id(), project.id(), "manager"));
        Caller mias = fixture.tokens.authenticate(
                fixture.tokens.issueWithPassword(user("mia"), "pw", project("managed")).secret()).orElseThrow();
        assertThat(mias.roles()).containsExactlyInAnyOrder("manager", "member", "reader");
        assertThat(mias.isAdmin()).isFalse();
    }

    @Test
    void losingTheLastRoleOnAProjectEndsTokensScopedToIt() {
        Caller admin = adminCaller();
        var project = fixture.identity.createProject(admin, "demo", Optional.empty(), null, true);
        var alice = fixture.identity.createUser(admin, new IdentityService.NewUser("alice", Optional.empty(), Optional.of("pw"), true,
                Optional.empty(), Optional.empty(), Optional.empty()));
        var assignment = onProject(alice.id(), project.id(), "member");
        fixture.identity.grant(admin, assignment);
        IssuedToken token = fixture.tokens.issueWithPassword(user("alice"), "pw", project("demo"));
        Caller alicesCaller = fixture.tokens.authenticate(token.secret()).orElseThrow();
        assertThat(alicesCaller.roles()).containsExactlyInAnyOrder("member", "reader");

        fixture.identity.revoke(admin, assignment);
        assertThat(fixture.tokens.authenticate(token.secret())).isEmpty();
    }

    @Test
    void catalogSubstitutesTheProjectAndHidesProjectEndpointsFromUnscopedTokens() {
        var scoped = fixture.catalog.forScope("p123");
        var volume = scoped.stream().filter(entry -> entry.service().type().equals("volumev3")).findFirst().orElseThrow();
        assertThat(volume.endpoints()).extracting("url").containsOnly("http://127.0.0.1:9999/volume/v3/p123");
        assertThat(volume.endpoints()).extracting("interfaceName").containsExactlyInAnyOrder("public", "internal", "admin");
        var unscoped = fixture.catalog.forScope(null);
        assertThat(unscoped.stream().filter(entry -> entry.service().type().equals("volumev3")).findFirst().orElseThrow().endpoints()).isEmpty();
    }
}
