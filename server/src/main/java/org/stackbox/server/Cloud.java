package org.stackbox.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stackbox.api.ApiServer;
import org.stackbox.compute.http.ComputeApi;
import org.stackbox.database.Database;
import org.stackbox.identity.Bootstrap;
import org.stackbox.identity.Catalog;
import org.stackbox.identity.IdentityService;
import org.stackbox.identity.PasswordHasher;
import org.stackbox.identity.TokenService;
import org.stackbox.identity.http.IdentityApi;
import org.stackbox.identity.store.CatalogRepository;
import org.stackbox.identity.store.DomainRepository;
import org.stackbox.identity.store.ProjectRepository;
import org.stackbox.identity.store.RoleRepository;
import org.stackbox.identity.store.TokenRepository;
import org.stackbox.identity.store.UserRepository;
import org.stackbox.image.http.ImageApi;
import org.stackbox.network.http.NetworkApi;
import org.stackbox.volume.http.VolumeApi;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.List;
import java.util.Optional;

/** The composition root: builds every part of a running cloud by hand, in dependency order, and stops it. */
final class Cloud implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Cloud.class);

    private final CloudConfig config;
    private final Database database;
    private final ApiServer apiServer;
    private final Optional<String> newAdminPassword;
    private boolean closed;

    private Cloud(CloudConfig config, Database database, ApiServer apiServer, Optional<String> newAdminPassword) {
        this.config = config;
        this.database = database;
        this.apiServer = apiServer;
        this.newAdminPassword = newAdminPassword;
    }

    /**
     * Builds and starts the cloud. The HTTP server starts on one core while the database is migrated and
     * bootstrapped on the other, and the password hash is warmed up beside them: a 2-core machine is ready in
     * about the time of the slowest of the three, not their sum. Requests answer 503 until all are done.
     */
    static Cloud start(CloudConfig config, DataDirectory data) {
        long started = System.nanoTime();
        PasswordHasher passwordHasher = new PasswordHasher();
        Database database = new Database(config.database());
        var jdbi = database.jdbi();
        DomainRepository domains = new DomainRepository(jdbi);
        ProjectRepository projects = new ProjectRepository(jdbi);
        UserRepository users = new UserRepository(jdbi);
        RoleRepository roles = new RoleRepository(jdbi);
        CatalogRepository catalogRepository = new CatalogRepository(jdbi);
        TokenRepository tokenRepository = new TokenRepository(jdbi);
        TokenService tokens = new TokenService(users, projects, domains, roles, tokenRepository, passwordHasher,
                Clock.systemUTC(), config.tokenLifetime());
        IdentityService identity = new IdentityService(domains, projects, users, roles, tokenRepository, passwordHasher);
        Catalog catalog = new Catalog(catalogRepository);

        CompletableFuture<ApiServer> listening = CompletableFuture.supplyAsync(() -> {
            ApiServer server = new ApiServer(List.of(
                    new IdentityApi(tokens, identity, catalog, config.identityUrl()),
                    new ImageApi(config.publicUrl() + "/image"),
                    new VolumeApi(config.publicUrl() + "/volume"),
                    new ComputeApi(config.publicUrl() + "/compute"),
                    new NetworkApi(config.publicUrl() + "/network")),
                    tokens, config.identityUrl());
            server.start(config.listen().host(), config.listen().port());
            return server;
        });
        try {
            database.migrate("identity");
            Bootstrap.Result bootstrap = new Bootstrap(domains, projects, users, roles, catalogRepository, passwordHasher)
                    .run(config.publicUrl());
            long prepared = System.nanoTime();
            ApiServer apiServer = listening.join();
            apiServer.markReady();
            LOG.info("Listening on {}:{}, database {} (ready in {} ms, database prepared in {} ms)",
                    config.listen().host(), config.listen().port(), config.database(),
                    (System.nanoTime() - started) / 1_000_000, (prepared - started) / 1_000_000);
            return new Cloud(config, database, apiServer, bootstrap.newAdminPassword());
        } catch (RuntimeException e) {
            listening.thenAccept(ApiServer::close);
            database.close();
            throw e instanceof CompletionException && e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    CloudConfig config() {
        return config;
    }

    /** The admin password, when this start created the admin user; it is never stored in clear elsewhere. */
    Optional<String> newAdminPassword() {
        return newAdminPassword;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("Stopping");
        apiServer.close();
        database.close();
    }
}
