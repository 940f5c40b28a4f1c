package org.stackbox.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files the end-to-end tests keep for people to look at, such as screenshots, in {@code target/test-artifacts}. */
final class TestArtifacts {
    private TestArtifacts() {}

    static Path save(String name, byte[] content) throws IOException {
        Path directory = Files.createDirectories(Path.of(System.getProperty("stackbox.artifacts",
                "target/test-artifacts")));
        return Files.write(directory.resolve(name), content);
    }
}
