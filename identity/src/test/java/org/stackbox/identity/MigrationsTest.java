package org.stackbox.identity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbox.database.Database;
import org.stackbox.database.DatabaseUrl;
import org.stackbox.database.TestPostgres;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stackbox.identity.IdentityFixture.user;

/** The same migrations and queries on SQLite (the default) and on a real PostgreSQL server. */
class MigrationsTest {
    @TempDir
    Path directory;

    @Test
    void migrateAndUseOnSqliteTwice() {
        DatabaseUrl url = DatabaseUrl.sqlite(directory.resolve("stackbox.db"));
        exercise(url);
        try (Database again = new Database(url)) {
            again.migrate("identity");
            int users = again.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM users").mapTo(Integer.class).one());
            assertThat(users).isEqualTo(1);
        }
    }

    @Test
    void migrateAndUseOnPostgresql() {
        exercise(TestPostgres.emptyDatabase());
    }

    private static void exercise(DatabaseUrl url) {
        try (IdentityFixture fixture = new IdentityFixture(url)) {
            IssuedToken token = fixture.tokens.issueWithPassword(user("admin"), fixture.adminPassword, new ScopeRequest.Default());
            assertThat(fixture.tokens.authenticate(token.secret())).isPresent();
            var caller = fixture.tokens.authenticate(token.secret()).orElseThrow();
            assertThat(fixture.identity.listProjects(caller, java.util.Optional.empty(), java.util.Optional.of("admin"))).hasSize(1);
            assertThat(fixture.identity.listAssignments(caller, java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(),
                    java.util.Optional.empty(), java.util.Optional.empty())).hasSize(2);
            assertThat(fixture.catalog.forScope(caller.projectId())).hasSize(6);
        }
    }
}
