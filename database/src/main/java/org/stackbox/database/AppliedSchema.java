package org.stackbox.database;

import org.jdbi.v3.core.Jdbi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import static java.util.Objects.requireNonNull;

/**
 * Whether a service's tables are already exactly what its packaged migrations make: the same versioned scripts, with
 * the same checksums, all applied successfully, as Flyway's history table records them. Then a start need not load
 * Flyway at all, which is most of the time a restart spends on the database. Anything else (no history yet, a new
 * script, an edited one, a failed one, a layout this class does not know) answers "not current", and Flyway runs,
 * migrates and validates as usual: this is only ever a shortcut past a no-op.
 */
final class AppliedSchema {
    private static final Pattern SCRIPT = Pattern.compile("V([0-9][0-9._]*)__.*\\.sql");

    private AppliedSchema() {}

    static boolean isCurrent(Jdbi jdbi, ClassLoader loader, String service, String historyTable) {
        Optional<Map<String, Integer>> packaged = packaged(loader, service);
        if (packaged.isEmpty() || packaged.get().isEmpty()) {
            return false;
        }
        try {
            Map<String, Integer> applied = jdbi.withHandle(handle -> {
                Map<String, Integer> rows = new HashMap<>();
                handle.createQuery("SELECT version, checksum, success FROM " + historyTable + " WHERE type = 'SQL'")
                        .map((row, context) -> {
                            if (!row.getBoolean("success")) {
                                rows.put(row.getString("version"), null);
                            } else {
                                rows.put(row.getString("version"), row.getInt("checksum"));
                            }
                            return null;
                        })
                        .list();
                return rows;
            });
            return applied.equals(packaged.get());
        } catch (RuntimeException noHistoryYet) {
            return false;
        }
    }

    /** Version to checksum of each {@code V<version>__<name>.sql} under {@code db/migration/<service>}. */
    static Optional<Map<String, Integer>> packaged(ClassLoader loader, String service) {
        String location = "db/migration/" + requireNonNull(service, "service is null");
        URL url = loader.getResource(location);
        if (url == null) {
            return Optional.empty();
        }
        Map<String, Integer> scripts = new HashMap<>();
        try {
            if (url.getProtocol().equals("jar")) {
                JarURLConnection connection = (JarURLConnection) url.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    for (var entries = jar.entries(); entries.hasMoreElements(); ) {
                        var entry = entries.nextElement();
                        String name = entry.getName();
                        if (name.startsWith(location + "/") && name.indexOf('/', location.length() + 1) < 0) {
                            add(scripts, name.substring(location.length() + 1), () -> jar.getInputStream(entry));
                        }
                    }
                }
            } else if (url.getProtocol().equals("file")) {
                try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                    for (Path file : (Iterable<Path>) files::iterator) {
                        add(scripts, file.getFileName().toString(), () -> Files.newInputStream(file));
                    }
                }
            } else {
                return Optional.empty();
            }
        } catch (IOException | URISyntaxException | UncheckedIOException e) {
            return Optional.empty();
        }
        return Optional.of(scripts);
    }

    private interface Opener {
        InputStream open() throws IOException;
    }

    private static void add(Map<String, Integer> scripts, String fileName, Opener opener) throws IOException {
        if (fileName.isEmpty()) {
            return;
        }
        Matcher matcher = SCRIPT.matcher(fileName);
        if (!matcher.matches()) {
            throw new IOException("not a versioned migration script: " + fileName);
        }
        try (InputStream in = opener.open()) {
            scripts.put(matcher.group(1).replace('_', '.'), checksum(in));
        }
    }

    /** Flyway's checksum: CRC-32 of the script's lines, without line ends and without a leading byte order mark. */
    static int checksum(InputStream script) throws IOException {
        CRC32 crc = new CRC32();
        BufferedReader reader = new BufferedReader(new InputStreamReader(script, StandardCharsets.UTF_8));
        String line = reader.readLine();
        if (line != null && line.startsWith("\uFEFF")) {
            line = line.substring(1);
        }
        while (line != null) {
            crc.update(line.getBytes(StandardCharsets.UTF_8));
            line = reader.readLine();
        }
        return (int) crc.getValue();
    }
}
