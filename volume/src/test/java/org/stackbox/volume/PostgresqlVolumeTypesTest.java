package org.stackbox.volume;

import org.stackbox.database.DatabaseUrl;
import org.stackbox.database.TestPostgres;

/** The suite on the PostgreSQL server that {@code scripts/test} starts ({@code STACKBOX_TEST_POSTGRES_URL}). */
class PostgresqlVolumeTypesTest extends VolumeTypesContract {
    @Override
    DatabaseUrl emptyDatabase() {
        return TestPostgres.emptyDatabase();
    }
}
