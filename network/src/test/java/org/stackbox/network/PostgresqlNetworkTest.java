package org.stackbox.network;

import org.junit.jupiter.api.Assumptions;
import org.stackbox.database.Database;
import org.stackbox.database.DatabaseUrl;

/** The suite on the PostgreSQL server that {@code scripts/test} starts ({@code STACKBOX_TEST_POSTGRES_URL}). */
class PostgresqlNetworkTest extends NetworkContract {
    @Override
    DatabaseUrl emptyDatabase() {
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
