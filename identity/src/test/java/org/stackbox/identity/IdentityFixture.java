package org.stackbox.identity;

import org.stackbox.database.Database;
import org.stackbox.database.DatabaseUrl;
import org.stackbox.identity.store.CatalogRepository;
import org.stackbox.identity.store.DomainRepository;
import org.stackbox.identity.store.GroupRepository;
import org.stackbox.identity.store.ProjectRepository;
import org.stackbox.identity.store.RoleRepository;
import org.stackbox.identity.store.TokenRepository;
import org.stackbox.identity.store.UserRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** The identity service on a real database, bootstrapped, with a clock the test moves. */
final class IdentityFixture implements AutoCloseable {
    final Database database;
    final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final DomainRepository domains;
    final ProjectRepository projects;
    final UserRepository users;
    final RoleRepository roles;
    final CatalogRepository catalogRepository;
    final TokenRepository tokenRepository;
    final PasswordHasher passwordHasher = new PasswordHasher(1000);
    final TokenService tokens;
    final GroupRepository groupRepository;
    final IdentityService identity;
    final GroupService groups;
    final Catalog catalog;
    final String adminPassword;

    IdentityFixture(DatabaseUrl url) {
        database = new Database(url);
        database.migrate("identity");
        var jdbi = database.jdbi();
        domains = new DomainRepository(jdbi);
        projects = new ProjectRepository(jdbi);
        users = new UserRepository(jdbi);
        roles = new RoleRepository(jdbi);
        catalogRepository = new CatalogRepository(jdbi);
        tokenRepository = new TokenRepository(jdbi);
        adminPassword = new Bootstrap(domains, projects, users, roles, catalogRepository,
                () -> NewPassword.generate(passwordHasher))
                .run("http://127.0.0.1:9999").newAdminPassword().orElseThrow();
        tokens = new TokenService(users, projects, domains, roles, tokenRepository, passwordHasher, clock, Duration.ofHours(1));
        groupRepository = new GroupRepository(jdbi);
        identity = new IdentityService(domains, projects, users, groupRepository, roles, tokenRepository, passwordHasher);
        groups = new GroupService(groupRepository, users, domains);
        catalog = new Catalog(catalogRepository);
    }

    static Reference user(String name) {
        return Reference.byName(name, Reference.byId(Bootstrap.DEFAULT_DOMAIN_ID));
    }

    static ScopeRequest project(String name) {
        return new ScopeRequest.Project(Reference.byName(name, Reference.byName("Default", null)));
    }

    @Override
    public void close() {
        database.close();
    }

    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
