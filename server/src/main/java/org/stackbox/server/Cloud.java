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

    static Cloud start(CloudConfig config, DataDirectory data) {
        Database database = new Database(config.database());
        try {
            database.migrate("identity");
            var jdbi = database.jdbi();
            DomainRepository domains = new DomainRepository(jdbi);
            ProjectRepository projects = new ProjectRepository(jdbi);
            UserRepository users = new UserRepository(jdbi);
            RoleRepository roles = new RoleRepository(jdbi);
            CatalogRepository catalogRepository = new CatalogRepository(jdbi);
            TokenRepository tokenRepository = new TokenRepository(jdbi);
            PasswordHasher passwordHasher = new PasswordHasher();

            Bootstrap.Result bootstrap = new Bootstrap(domains, projects, users, roles, catalogRepository, passwordHasher)
                    .run(config.publicUrl());
            TokenService tokens = new TokenService(users, projects, domains, roles, tokenRepository, passwordHasher,
                    Clock.systemUTC(), config.tokenLifetime());
            IdentityService identity = new IdentityService(domains, projects, users, roles, tokenRepository, passwordHasher);
            Catalog catalog = new Catalog(catalogRepository);

            ApiServer apiServer = new ApiServer(List.of(
                    new IdentityApi(tokens, identity, catalog, config.identityUrl()),
                    new ImageApi(config.publicUrl() + "/image"),
                    new VolumeApi(config.publicUrl() + "/volume"),
                    new ComputeApi(config.publicUrl() + "/compute"),
                    new NetworkApi(config.publicUrl() + "/network")),
                    tokens, config.identityUrl());
            apiServer.start(config.listen().host(), config.listen().port());
            LOG.info("Listening on {}:{}, database {}", config.listen().host(), config.listen().port(), config.database());
            return new Cloud(config, database, apiServer, bootstrap.newAdminPassword());
        } catch (RuntimeException e) {
            database.close();
            throw e;
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
