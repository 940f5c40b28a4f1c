package org.stackbox.database;

import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server that {@code scripts/test} starts and names in {@code STACKBOX_TEST_POSTGRES_URL}. A test that
 * asks for it is skipped where there is none, and fails where {@code STACKBOX_REQUIRE_POSTGRES=1} says it must run.
 */
public final class TestPostgres {
    private TestPostgres() {}

    /** The server's database, emptied: its public schema dropped and made again. */
    public static DatabaseUrl emptyDatabase() {
        String url = System.getenv("STACKBOX_TEST_POSTGRES_URL");
        if (url == null && "1".equals(System.getenv("STACKBOX_REQUIRE_POSTGRES"))) {
            throw new AssertionError("STACKBOX_REQUIRE_POSTGRES is set but STACKBOX_TEST_POSTGRES_URL is not");
        }
        Assumptions.assumeTrue(url != null, "STACKBOX_TEST_POSTGRES_URL is not set (scripts/test sets it)");
        DatabaseUrl databaseUrl = DatabaseUrl.parse(url);
        try (Database database = new Database(databaseUrl)) {
            database.jdbi().useHandle(handle -> {
                handle.execute("DROP SCHEMA public CASCADE");
                handle.execute("CREATE SCHEMA public");
            });
        }
        return databaseUrl;
    }
}
