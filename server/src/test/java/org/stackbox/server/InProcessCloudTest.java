package org.stackbox.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** A test class whose tests share one in-process cloud with the default policy, started once for the class. */
abstract class InProcessCloudTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path root;

    static InProcessCloud cloud;

    @BeforeAll
    static void start() throws Exception {
        cloud = InProcessCloud.start(root.resolve("data"), "");
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }
}
