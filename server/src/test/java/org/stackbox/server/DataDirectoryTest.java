package org.stackbox.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class DataDirectoryTest {
    @TempDir
    Path temporary;

    @Test
    void aNewDataDirectoryIsItsOwnersAlone() throws Exception {
        Path root = temporary.resolve("new/stackbox");
        try (DataDirectory ignored = DataDirectory.open(root)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root))).isEqualTo("rwx------");
        }
    }

    @Test
    void anOlderStackboxsDirectoryThatOthersCouldReadIsClosedAtStart() throws Exception {
        Path root = Files.createDirectory(temporary.resolve("old"));
        Files.createFile(root.resolve("stackbox.lock"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (DataDirectory ignored = DataDirectory.open(root)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root))).isEqualTo("rwx------");
        }
    }

    @Test
    void aDirectoryThatWasThereBeforeStackboxKeepsItsMode() throws Exception {
        Path root = Files.createDirectory(temporary.resolve("shared"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (DataDirectory ignored = DataDirectory.open(root)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root))).isEqualTo("rwxrwxrwx");
        }
    }
}
