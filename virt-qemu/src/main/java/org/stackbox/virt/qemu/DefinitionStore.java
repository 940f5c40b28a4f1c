package org.stackbox.virt.qemu;

import org.stackbox.common.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** Reads and writes {@code domain.json} in a run directory; a write replaces the file atomically. */
final class DefinitionStore {
    private DefinitionStore() {}

    static Optional<DomainDefinition> read(RunDirectory directory) {
        Path file = directory.definition();
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(file.toFile(), DomainDefinition.class));
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable domain definition " + file, e);
        }
    }

    static void write(RunDirectory directory, DomainDefinition definition) {
        Path file = directory.definition();
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        try {
            Files.write(temporary, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(definition));
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write domain definition " + file, e);
        }
    }
}
