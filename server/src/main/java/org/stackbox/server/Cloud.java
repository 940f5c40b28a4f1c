package org.stackbox.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stackbox.api.ApiServer;
import org.stackbox.api.AuthorizedRoute;
import org.stackbox.policy.Policies;
import org.stackbox.compute.ComputeConfig;
import org.stackbox.compute.ComputeModule;
import org.stackbox.compute.HostCapacity;
import org.stackbox.compute.model.ServerStatus;
import org.stackbox.compute.store.ServerRepository;
import org.stackbox.console.ConsoleConfig;
import org.stackbox.console.ConsoleModule;
import org.stackbox.console.HypervisorConsoleTargets;
import org.stackbox.virt.qemu.AcceleratorChoice;
import org.stackbox.virt.qemu.AcceleratorDetector;
import org.stackbox.virt.qemu.HostVirtualization;
import org.stackbox.virt.qemu.QemuHypervisor;
import org.stackbox.virt.qemu.QemuTimeouts;
import org.stackbox.virt.qemu.SerialLogLimit;
import org.stackbox.database.Database;
import org.stackbox.identity.Bootstrap;
import org.stackbox.identity.Catalog;
import org.stackbox.identity.GroupService;
import org.stackbox.identity.IdentityService;
import org.stackbox.identity.NewPassword;
import org.stackbox.identity.PasswordHasher;
import org.stackbox.identity.TokenService;
import org.stackbox.identity.http.IdentityApi;
import org.stackbox.identity.store.CatalogRepository;
import org.stackbox.identity.store.DomainRepository;
import org.stackbox.identity.store.GroupRepository;
import org.stackbox.identity.store.ProjectRepository;
import org.stackbox.identity.store.RoleRepository;
import org.stackbox.identity.store.TokenRepository;
import org.stackbox.identity.store.UserRepository;
import org.stackbox.image.ImageService;
import org.stackbox.image.ImageTransfers;
import org.stackbox.image.http.ImageApi;
import org.stackbox.image.store.ImageRepository;
import org.stackbox.image.store.MemberRepository;
import org.stackbox.image.store.QuotaRepository;
import org.stackbox.network.NetworkModule;
import org.stackbox.network.bridge.BridgedHost;
import org.stackbox.network.bridge.NetworkNamespace;
import org.stackbox.network.TftpRoots;
import org.stackbox.storage.image.LocalImageStore;
import org.stackbox.volume.http.VolumeApi;

import org.stackbox.image.LocalImages;
import org.stackbox.storage.block.LocalBlockStore;
import org.stackbox.storage.block.QemuImg;
import org.stackbox.volume.LocalVolumes;
import org.stackbox.volume.VolumeAttachments;
import org.stackbox.volume.VolumeQuotas;
import org.stackbox.volume.VolumeService;
import org.stackbox.volume.VolumeTransfers;
import org.stackbox.volume.VolumeTypes;
import org.stackbox.volume.VolumeQos;
import org.stackbox.volume.store.QosSpecsRepository;
import org.stackbox.volume.store.AttachmentRepository;
import org.stackbox.volume.store.SnapshotRepository;
import org.stackbox.volume.store.TransferRepository;
import org.stackbox.volume.store.VolumeRepository;
import org.stackbox.volume.store.VolumeTypeRepository;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.List;
import java.util.function.Supplier;
import java.util.Optional;

/** The composition root: builds every part of a running cloud by hand, in dependency order, and stops it. */
final class Cloud implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Cloud.class);

    private final CloudConfig config;
    private final Database database;
    private final ApiServer apiServer;
    private final Optional<String> newAdminPassword;
    private final ComputeModule compute;
    private final ConsoleModule consoles;
    private final NetworkModule network;
    private boolean closed;

    private Cloud(CloudConfig config, Database database, ApiServer apiServer, Optional<String> newAdminPassword,
                  ComputeModule compute, ConsoleModule consoles, NetworkModule network) {
        this.network = network;
        this.config = config;
        this.compute = compute;
        this.consoles = consoles;
        this.database = database;
        this.apiServer = apiServer;
        this.newAdminPassword = newAdminPassword;
    }

    /**
     * Builds and starts the cloud. The database is migrated on one core while the services are made and the HTTP
     * server starts on the other, and the services recover their state beside the bootstrap: a 2-core machine is
     * ready in about the time of the slowest, not their sum. Requests answer 503 until all are done.
     * {@code newAdminPassword} is asked for only on a first start, when the admin user is made.
     */
    static Cloud start(CloudConfig config, DataDirectory data, Supplier<NewPassword> newAdminPassword) {
        long started = System.nanoTime();
        // The operator's rules are read first: a policy.yaml that does not parse stops the start before anything
        // else is touched, with a message naming the file, the rule and what is wrong.
        Policies policies = Policies.load(data.root().resolve("policy.yaml"));
        PasswordHasher passwordHasher = new PasswordHasher();
        Database database = new Database(config.database());
        // The database is connected and migrated on a thread of its own while the services are made. Migrations run
        // one after another: concurrent schema changes on one SQLite file would fail each other.
        CompletableFuture<Long> migrated = CompletableFuture.supplyAsync(() -> {
            database.connect();
            for (String service : List.of("identity", "image", "volume", "compute", "network")) {
                database.migrate(service);
            }
            return System.nanoTime();
        });
        var jdbi = database.jdbi();
        DomainRepository domains = new DomainRepository(jdbi);
        ProjectRepository projects = new ProjectRepository(jdbi);
        UserRepository users = new UserRepository(jdbi);
        RoleRepository roles = new RoleRepository(jdbi);
        CatalogRepository catalogRepository = new CatalogRepository(jdbi);
        TokenRepository tokenRepository = new TokenRepository(jdbi);
        TokenService tokens = new TokenService(users, projects, domains, roles, tokenRepository, passwordHasher,
                Clock.systemUTC(), config.tokenLifetime());
        GroupRepository groupRepository = new GroupRepository(jdbi);
        IdentityService identity = new IdentityService(domains, projects, users, groupRepository, roles, tokenRepository,
                passwordHasher);
        GroupService groups = new GroupService(groupRepository, users, domains);
        Catalog catalog = new Catalog(catalogRepository);
        LocalImageStore imageStore = LocalImageStore.open(data.root().resolve("images"));
        ImageRepository imageRepository = new ImageRepository(jdbi);
        QuotaRepository imageQuotas = new QuotaRepository(jdbi);
        // Volumes and root disks: qcow2 overlays, each in a block store of its own, on bases prepared from images
        // that go once their image is deleted and nothing needs them.
        LocalBlockStore blockStore = new LocalBlockStore(data.root().resolve("volumes"), QemuImg.system());
        LocalBlockStore instanceStore = new LocalBlockStore(data.root().resolve("instances"), QemuImg.system());
        ImageCopies imageCopies = new ImageCopies(List.of(blockStore, instanceStore),
                imageId -> imageRepository.findById(imageId).isPresent());
        ImageService images = new ImageService(imageRepository, new MemberRepository(jdbi), imageQuotas, imageStore,
                imageCopies, Clock.systemUTC());
        ImageTransfers imageTransfers = new ImageTransfers(images, imageRepository, imageQuotas, imageStore, Clock.systemUTC());
        LocalImages localImages = new LocalImages(images, imageTransfers, imageRepository, imageStore);

        VolumeRepository volumeRepository = new VolumeRepository(jdbi);
        SnapshotRepository snapshotRepository = new SnapshotRepository(jdbi);
        VolumeQuotas volumeQuotas = new VolumeQuotas(new org.stackbox.volume.store.QuotaRepository(jdbi), volumeRepository, snapshotRepository);
        VolumeTypes volumeTypes = new VolumeTypes(new VolumeTypeRepository(jdbi), volumeRepository, Clock.systemUTC());
        ExecutorService volumeWorkers = Executors.newFixedThreadPool(2, daemonThreads("volume-worker"));
        VolumeService volumes = new VolumeService(volumeRepository, snapshotRepository, volumeQuotas, volumeTypes, blockStore,
                new ImagesForVolumes(localImages, images, imageTransfers), volumeWorkers, data.root().resolve("volumes-scratch"),
                Clock.systemUTC());
        VolumeAttachments volumeAttachments = new VolumeAttachments(volumeRepository, new AttachmentRepository(jdbi), volumes,
                blockStore, Clock.systemUTC());
        LocalVolumes localVolumes = new LocalVolumes(volumes, volumeAttachments, blockStore);
        VolumeTransfers volumeTransfers = new VolumeTransfers(new TransferRepository(jdbi), volumes, volumeRepository,
                snapshotRepository, volumeQuotas, Clock.systemUTC());
        // A port is bound to a server through the network API only by the server's own project.
        ServerRepository serverRows = new ServerRepository(jdbi);
        // Bridged: the namespace is named after the data directory, so two clouds on one host never share one.
        // Compute: servers are QEMU processes under servers/, root disks qcow2 overlays in a block store of their own.
        // Their consoles are relayed by the console proxy under /console, which compute reaches through its spi.
        Optional<NetworkNamespace> namespace = config.networkMode() == NetworkMode.BRIDGED
                ? Optional.of(NetworkNamespace.forDataDirectory(data.root())) : Optional.empty();
        QemuHypervisor hypervisor = qemuHypervisor(config, data, namespace.map(NetworkNamespace::path));
        Optional<BridgedHost> bridgedHost = namespace.map(name -> new BridgedHost(name, data.root().resolve("dhcp"),
                hypervisor::metadataSocket));
        LOG.info("Network mode: {}", namespace.map(name -> "bridged, in namespace " + name.name())
                .orElse(NetworkMode.mayMakeNetworkDevices() ? "user (--network-mode bridged puts guests on bridges)"
                        : "user (bridged networks need root or CAP_NET_ADMIN, which this process has not)"));
        NetworkModule network = new NetworkModule(jdbi, config.network(), config.publicUrl() + "/network",
                (deviceId, projectId) -> serverRows.findById(deviceId)
                        .filter(server -> server.status() != ServerStatus.DELETED)
                        .map(server -> server.projectId().equals(projectId)).orElse(false),
                new TftpRoots(data.root().resolve("tftp")), bridgedHost);
        ConsoleModule consoles = new ConsoleModule(
                ConsoleConfig.defaults(config.publicUrl()).withTokenLifetime(config.consoleTokenLifetime()),
                new HypervisorConsoleTargets(hypervisor), Clock.systemUTC());
        ComputeModule compute = new ComputeModule(jdbi, localImages, localVolumes, network.ports(), hypervisor,
                instanceStore,
                data.root().resolve("config-drives"), HostCapacity.ofThisHost(data.root()),
                new ConsolesForCompute(consoles.authorizations(), consoles.responses()),
                ComputeConfig.defaults().withUsageAudit(true, config.usageAuditPeriod()),
                config.publicUrl() + "/compute", config.publicUrl() + "/image");

        CompletableFuture<ApiServer> listening = CompletableFuture.supplyAsync(() -> {
            ApiServer server = new ApiServer(List.of(
                    new IdentityApi(tokens, identity, groups, catalog, config.identityUrl()),
                    new ImageApi(config.publicUrl() + "/image", images, imageTransfers),
                    new VolumeApi(config.publicUrl() + "/volume", volumes, volumeAttachments, volumeQuotas,
                            volumeTransfers, volumeTypes,
                            new VolumeQos(new QosSpecsRepository(jdbi), volumeTypes, Clock.systemUTC())),
                    compute.api(),
                    network.api(),
                    consoles.api()),
                    tokens, config.identityUrl(), policies);
            server.start(config.listen().host(), config.listen().port());
            return server;
        });
        try {
            // Each service recovers its own state; they share nothing, so they run beside identity's bootstrap.
            long wired = System.nanoTime();
            long migratedAt = migrated.join();
            CompletableFuture<Long> services = CompletableFuture.supplyAsync(() -> {
                OrphanedConversions.stop(data.root());
                images.recover();
                imageCopies.releaseOrphans();
                volumes.recover();
                volumeAttachments.recover();
                compute.start();
                return System.nanoTime();
            });
            Bootstrap.Result bootstrap = new Bootstrap(domains, projects, users, roles, catalogRepository, newAdminPassword)
                    .run(config.publicUrl());
            network.bootstrap(projects.findByName(Bootstrap.DEFAULT_DOMAIN_ID, "admin").orElseThrow().id());
            long bootstrapped = System.nanoTime();
            long recovered = services.join();
            ApiServer apiServer = listening.join();
            apiServer.markReady();
            long ready = System.nanoTime();
            LOG.info("Listening on {}:{}, database {} (ready in {} ms: services made in {}, database migrated at {},"
                            + " then bootstrap {} and recovery {})",
                    config.listen().host(), config.listen().port(), config.database(), millis(started, ready),
                    millis(started, wired), millis(started, migratedAt), millis(migratedAt, bootstrapped),
                    millis(migratedAt, recovered));
            return new Cloud(config, database, apiServer, bootstrap.newAdminPassword(), compute, consoles, network);
        } catch (RuntimeException e) {
            listening.thenAccept(ApiServer::close);
            migrated.exceptionally(failed -> 0L).join();
            consoles.close();
            compute.close();
            network.close();
            database.close();
            throw e instanceof CompletionException && e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }

    private static ThreadFactory daemonThreads(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    CloudConfig config() {
        return config;
    }

    /** Every authenticated route of every service, with the rules it is checked against. */
    List<AuthorizedRoute> authorizedRoutes() {
        return apiServer.authorizedRoutes();
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
        consoles.close();
        compute.close();
        network.close();
        database.close();
    }

    /**
     * The QEMU driver under {@code <data>/servers}, running the configured QEMU. KVM when it really works here, TCG
     * otherwise, unless the configuration forces either. The servers' serial logs are kept under a size for as long
     * as the process runs (a daemon thread).
     */
    private static QemuHypervisor qemuHypervisor(CloudConfig config, DataDirectory data,
                                                 Optional<java.nio.file.Path> networkNamespace) {
        AcceleratorChoice choice = new AcceleratorDetector(config.qemu(), java.time.Duration.ofSeconds(10))
                .choose(config.accelerator(), HostVirtualization.ofThisHost());
        LOG.info("Accelerator: {}", choice.reason());
        java.nio.file.Path servers = data.root().resolve("servers");
        SerialLogLimit.start(servers, SerialLogLimit.DEFAULT_MAXIMUM_BYTES, java.time.Duration.ofSeconds(5));
        return new QemuHypervisor(servers, config.qemu(), choice.accelerator(), QemuTimeouts.defaults(),
                networkNamespace);
    }
}
