package org.stackbox.network;

import org.junit.jupiter.api.io.TempDir;
import org.stackbox.database.DatabaseUrl;

import java.nio.file.Path;

class SqliteNetworkTest extends NetworkContract {
    @TempDir
    Path directory;

    @Override
    DatabaseUrl emptyDatabase() {
        return DatabaseUrl.sqlite(directory.resolve("stackbox.db"));
    }
}
