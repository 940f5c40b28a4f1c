package org.stackbox.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * The connection pool and Jdbi handle for Stackbox's state, on SQLite or PostgreSQL.
 * Each service migrates its own tables, from {@code db/migration/<service>} on the classpath, with a history
 * table of its own, so services never share or order each other's migrations.
 */
public final class Database implements AutoCloseable {
    private final DatabaseUrl url;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    /** A SQLite file that did not exist before this start: every service then starts from nothing. */
    private final boolean newFile;

    public Database(DatabaseUrl url) {
        this.url = requireNonNull(url, "url is null");
        this.newFile = url.kind() == DatabaseUrl.Kind.SQLITE && !java.nio.file.Files.exists(url.sqliteFile());
        HikariConfig config = new HikariConfig();
        config.setPoolName("stackbox-db");
        config.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) {
            config.setUsername(url.user());
        }
        if (url.password() != null) {
            config.setPassword(url.password());
        }
        if (url.kind() == DatabaseUrl.Kind.SQLITE) {
            // WAL lets readers proceed while one writer commits; busy_timeout makes writers wait for each other.
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "NORMAL");
            config.addDataSourceProperty("busy_timeout", "10000");
            config.addDataSourceProperty("foreign_keys", "true");
            // A transaction takes the write lock when it begins, so that two writers queue (busy_timeout) instead of
            // one failing when it turns a read into a write after the other committed.
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            config.setMaximumPoolSize(4);
        } else {
            config.setMaximumPoolSize(8);
        }
        config.setMinimumIdle(1);
        // Connect on first use, not in the constructor: start-up builds everything else meanwhile.
        config.setInitializationFailTimeout(-1);
        this.dataSource = new HikariDataSource(config);
        this.jdbi = Jdbi.create(dataSource);
    }

    /**
     * Opens the first connection now (loading the driver and, for SQLite, its native library), so that a caller can
     * have it done on another thread while it builds the rest.
     */
    public void connect() {
        try (java.sql.Connection ignored = dataSource.getConnection()) {
            // the pool keeps it
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Cannot connect to " + url, e);
        }
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public DatabaseUrl url() {
        return url;
    }

    /**
     * Applies the pending migrations of one service, e.g. {@code migrate("identity")}. Flyway is not even loaded when
     * there is nothing to reconcile: on a SQLite file this start created the scripts are applied directly (recording
     * Flyway's history), and when the history already records exactly the packaged scripts there is nothing to do.
     */
    public void migrate(String service) {
        requireNonNull(service, "service is null");
        String historyTable = "schema_history_" + service.toLowerCase(Locale.ROOT);
        ClassLoader loader = Database.class.getClassLoader();
        if (newFile && FreshSchema.apply(dataSource, loader, service, historyTable)) {
            return;
        }
        if (AppliedSchema.isCurrent(dataSource, loader, service, historyTable)) {
            return;
        }
        Flyway.configure(loader)
                .dataSource(dataSource)
                .locations("classpath:db/migration/" + service)
                .table(historyTable)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
