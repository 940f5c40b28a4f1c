package org.stackbox.volume;

import org.junit.jupiter.api.io.TempDir;
import org.stackbox.database.DatabaseUrl;

import java.nio.file.Path;

/** The suite on a SQLite file, as {@code stackbox serve} keeps its state by default. */
class SqliteVolumeTransfersTest extends VolumeTransfersContract {
    @TempDir
    Path databaseDirectory;

    @Override
    DatabaseUrl emptyDatabase() {
        return DatabaseUrl.sqlite(databaseDirectory.resolve("volumes.db"));
    }
}
