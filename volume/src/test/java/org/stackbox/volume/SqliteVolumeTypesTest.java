package org.stackbox.volume;

import org.junit.jupiter.api.io.TempDir;
import org.stackbox.database.DatabaseUrl;

import java.nio.file.Path;

class SqliteVolumeTypesTest extends VolumeTypesContract {
    @TempDir
    Path directory;

    @Override
    DatabaseUrl emptyDatabase() {
        return DatabaseUrl.sqlite(directory.resolve("volumes.db"));
    }
}
