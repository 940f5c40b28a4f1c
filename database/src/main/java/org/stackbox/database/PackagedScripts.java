package org.stackbox.database;

import java.io.ByteArrayInputStream;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import static java.util.Objects.requireNonNull;

/**
 * A service's versioned migration scripts as packaged under {@code db/migration/<service>}, named and checksummed the
 * way Flyway names and checksums them, in the order Flyway applies them.
 */
final class PackagedScripts {
    private static final Pattern SCRIPT = Pattern.compile("V([0-9][0-9._]*)__(.*)\\.sql");

    /** One {@code V<version>__<description>.sql}. */
    record Script(String version, String description, String fileName, String sql, int checksum) {}

    private PackagedScripts() {}

    /** The scripts in version order, or empty when they cannot be read or a file there is not a versioned script. */
    static Optional<List<Script>> of(ClassLoader loader, String service) {
        String location = "db/migration/" + requireNonNull(service, "service is null");
        URL url = loader.getResource(location);
        if (url == null) {
            return Optional.empty();
        }
        List<Script> scripts = new ArrayList<>();
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
        scripts.sort(Comparator.comparing(Script::version, PackagedScripts::compareVersions));
        return Optional.of(List.copyOf(scripts));
    }

    /** Flyway's order: part by part, numerically, so that 1.2 comes before 1.10 and 1 equals 1.0. */
    static int compareVersions(String left, String right) {
        String[] a = left.split("\\.");
        String[] b = right.split("\\.");
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            java.math.BigInteger x = new java.math.BigInteger(i < a.length ? a[i] : "0");
            java.math.BigInteger y = new java.math.BigInteger(i < b.length ? b[i] : "0");
            int compared = x.compareTo(y);
            if (compared != 0) {
                return compared;
            }
        }
        return 0;
    }

    private interface Opener {
        InputStream open() throws IOException;
    }

    private static void add(List<Script> scripts, String fileName, Opener opener) throws IOException {
        if (fileName.isEmpty()) {
            return;
        }
        Matcher matcher = SCRIPT.matcher(fileName);
        if (!matcher.matches()) {
            throw new IOException("not a versioned migration script: " + fileName);
        }
        byte[] content;
        try (InputStream in = opener.open()) {
            content = in.readAllBytes();
        }
        String version = matcher.group(1).replace('_', '.');
        String description = matcher.group(2).replace('_', ' ');
        scripts.add(new Script(version, description, fileName, new String(content, StandardCharsets.UTF_8),
                checksum(new ByteArrayInputStream(content))));
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
