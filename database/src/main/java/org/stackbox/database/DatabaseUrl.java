package org.stackbox.database;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * Where Stackbox keeps its state: a SQLite file (the default) or a PostgreSQL server given as
 * {@code postgresql://user:password@host:port/database}.
 */
public record DatabaseUrl(Kind kind, String jdbcUrl, String user, String password) {
    public enum Kind { SQLITE, POSTGRESQL }

    public DatabaseUrl {
        requireNonNull(kind, "kind is null");
        requireNonNull(jdbcUrl, "jdbcUrl is null");
    }

    public static DatabaseUrl sqlite(Path file) {
        return new DatabaseUrl(Kind.SQLITE, "jdbc:sqlite:" + file.toAbsolutePath(), null, null);
    }

    /** The file of a SQLite database; only for {@link Kind#SQLITE}. */
    public Path sqliteFile() {
        if (kind != Kind.SQLITE) {
            throw new IllegalStateException("not a SQLite database: " + this);
        }
        return Path.of(jdbcUrl.substring("jdbc:sqlite:".length()));
    }

    /** Parses {@code postgresql://...} (or {@code postgres://...}) into a JDBC URL with separate credentials. */
    public static DatabaseUrl parse(String url) {
        requireNonNull(url, "url is null");
        if (url.startsWith("sqlite:")) {
            return sqlite(Path.of(url.substring("sqlite:".length())));
        }
        if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
            throw new IllegalArgumentException(
                    "unsupported database URL '%s': use postgresql://user:password@host:port/database or sqlite:/path"
                            .formatted(url));
        }
        URI uri = URI.create(url);
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 5432;
        String database = uri.getPath() == null || uri.getPath().length() <= 1 ? "stackbox" : uri.getPath().substring(1);
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new DatabaseUrl(Kind.POSTGRESQL,
                "jdbc:postgresql://%s:%d/%s%s".formatted(uri.getHost(), port, database, query), user, password);
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    /** The URL without credentials, safe to print. */
    @Override
    public String toString() {
        return jdbcUrl;
    }
}
