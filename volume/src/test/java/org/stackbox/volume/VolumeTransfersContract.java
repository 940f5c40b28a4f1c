package org.stackbox.volume;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbox.common.ServiceError;
import org.stackbox.common.ServiceException;
import org.stackbox.common.auth.Caller;
import org.stackbox.database.Database;
import org.stackbox.database.DatabaseUrl;
import org.stackbox.storage.block.LocalBlockStore;
import org.stackbox.storage.block.QemuImg;
import org.stackbox.volume.model.Snapshot;
import org.stackbox.volume.model.Transfer;
import org.stackbox.volume.model.Volume;
import org.stackbox.volume.model.VolumeStatus;
import org.stackbox.volume.store.QuotaRepository;
import org.stackbox.volume.store.SnapshotRepository;
import org.stackbox.volume.store.TransferRepository;
import org.stackbox.volume.store.VolumeTypeRepository;
import org.stackbox.volume.store.VolumeRepository;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Volume transfers on a real database and real qcow2 volumes; disk work runs inline so results are immediate. The
 * same suite runs on SQLite and on PostgreSQL.
 */
abstract class VolumeTransfersContract {
    private static final Caller DONOR = new Caller("user-1", "alice", "default", "project-a", "a", null,
            Set.of("member", "reader"), Instant.MAX);
    private static final Caller TAKER = new Caller("user-2", "bob", "default", "project-b", "b", null,
            Set.of("member", "reader"), Instant.MAX);
    private static final Caller ADMIN = new Caller("user-0", "admin", "default", "project-admin", "admin", null,
            Set.of("admin", "member", "reader"), Instant.MAX);

    @TempDir
    Path directory;

    private DatabaseUrl url;
    private Database database;
    private VolumeService volumes;
    private VolumeQuotas quotas;
    private VolumeTransfers transfers;

    /** A database without tables, for one test. */
    abstract DatabaseUrl emptyDatabase();

    @BeforeEach
    void setUp() {
        url = emptyDatabase();
        open();
    }

    private void open() {
        database = new Database(url);
        database.migrate("volume");
        var jdbi = database.jdbi();
        VolumeRepository volumeRepository = new VolumeRepository(jdbi);
        SnapshotRepository snapshotRepository = new SnapshotRepository(jdbi);
        quotas = new VolumeQuotas(new QuotaRepository(jdbi), volumeRepository, snapshotRepository);
        volumes = new VolumeService(volumeRepository, snapshotRepository, quotas,
                new VolumeTypes(new VolumeTypeRepository(jdbi), volumeRepository, Clock.systemUTC()),
                new LocalBlockStore(directory.resolve("store"), QemuImg.system()), new NoImages(), Runnable::run,
                directory.resolve("scratch"), Clock.systemUTC());
        transfers = new VolumeTransfers(new TransferRepository(jdbi), volumes, volumeRepository, snapshotRepository,
                quotas, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        if (database != null) {
            database.close();
        }
    }

    private Volume volume(int sizeGib) {
        Volume created = volumes.create(DONOR, new NewVolume(Optional.of(sizeGib), "offered", null, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of()));
        return volumes.get(DONOR, created.id());
    }

    @Test
    void theKeyIsStoredOnlyAsCindersSaltedHash() {
        assertThat(VolumeTransfers.cryptHash("5a1t0f8c", "0123456789abcdef"))
                .as("hmac.new(salt, key, hashlib.sha1).hexdigest()")
                .isEqualTo("dc44a7046733d39996f1928f50ac5b378608721c");
        VolumeTransfers.Offer offer = transfers.create(DONOR, volume(1).id(), "gift", false);
        assertThat(offer.authKey()).matches("[0-9a-f]{16}");
        Transfer stored = transfers.get(DONOR, offer.transfer().id());
        assertThat(stored.salt()).matches("[0-9a-f]{8}");
        assertThat(stored.cryptHash()).isEqualTo(VolumeTransfers.cryptHash(stored.salt(), offer.authKey()))
                .doesNotContain(offer.authKey());
    }

    @Test
    void anAcceptedOfferMovesTheVolumeItsSnapshotsAndTheirQuotaUsage() {
        Volume volume = volume(2);
        Snapshot snapshot = volumes.createSnapshot(DONOR, volume.id(), "snap", null, false, Map.of());
        VolumeTransfers.Offer offer = transfers.create(DONOR, volume.id(), "gift", false);
        assertThat(volumes.get(DONOR, volume.id()).status()).isEqualTo(VolumeStatus.AWAITING_TRANSFER);
        assertThat(transfers.get(DONOR, offer.transfer().id()).sourceProjectId()).isEqualTo("project-a");
        assertThat(quotas.usage("project-a")).containsEntry("volumes", 1L).containsEntry("gigabytes", 4L);

        Transfer accepted = transfers.accept(TAKER, offer.transfer().id(), offer.authKey());

        assertThat(accepted.volumeId()).isEqualTo(volume.id());
        Volume moved = volumes.get(TAKER, volume.id());
        assertThat(moved.status()).isEqualTo(VolumeStatus.AVAILABLE);
        assertThat(moved.projectId()).isEqualTo("project-b");
        assertThat(moved.userId()).isEqualTo("user-2");
        assertThat(volumes.getSnapshot(TAKER, snapshot.id()).projectId()).isEqualTo("project-b");
        assertThatThrownBy(() -> volumes.get(DONOR, volume.id())).extracting("code").isEqualTo(ServiceError.NOT_FOUND);
        assertThat(quotas.usage("project-a")).containsEntry("volumes", 0L).containsEntry("snapshots", 0L)
                .containsEntry("gigabytes", 0L);
        assertThat(quotas.usage("project-b")).containsEntry("volumes", 1L).containsEntry("snapshots", 1L)
                .containsEntry("gigabytes", 4L);
        assertThat(transfers.list(ADMIN, true)).as("an accepted offer is gone").isEmpty();
        assertThatThrownBy(() -> transfers.accept(TAKER, offer.transfer().id(), offer.authKey()))
                .extracting("code").isEqualTo(ServiceError.NOT_FOUND);
    }

    @Test
    void anOfferWithoutSnapshotsLeavesThemWithTheDonor() {
        Volume volume = volume(1);
        Snapshot snapshot = volumes.createSnapshot(DONOR, volume.id(), "snap", null, false, Map.of());
        VolumeTransfers.Offer offer = transfers.create(DONOR, volume.id(), null, true);
        transfers.accept(TAKER, offer.transfer().id(), offer.authKey());
        assertThat(volumes.get(TAKER, volume.id()).projectId()).isEqualTo("project-b");
        assertThat(volumes.getSnapshot(DONOR, snapshot.id()).projectId()).isEqualTo("project-a");
    }

    @Test
    void aWrongKeyIsRefusedAndChangesNothing() {
        Volume volume = volume(1);
        VolumeTransfers.Offer offer = transfers.create(DONOR, volume.id(), "gift", false);
        assertThatThrownBy(() -> transfers.accept(TAKER, offer.transfer().id(), "0000000000000000"))
                .isInstanceOf(ServiceException.class).hasMessageContaining("Invalid auth key")
                .extracting("code").isEqualTo(ServiceError.INVALID_REQUEST);
        assertThat(volumes.get(DONOR, volume.id()).status()).isEqualTo(VolumeStatus.AWAITING_TRANSFER);
        assertThat(transfers.get(DONOR, offer.transfer().id())).isEqualTo(offer.transfer());
    }

    @Test
    void anAcceptanceOverTheTakersQuotaIsRefusedAndChangesNothing() {
        Volume volume = volume(3);
        volumes.createSnapshot(DONOR, volume.id(), "snap", null, false, Map.of());
        VolumeTransfers.Offer offer = transfers.create(DONOR, volume.id(), "gift", false);
        quotas.set("project-b", Map.of("gigabytes", 5L));
        assertThatThrownBy(() -> transfers.accept(TAKER, offer.transfer().id(), offer.authKey()))
                .as("3G of volume fit, 3G more of snapshot do not")
                .hasMessageContaining("Requested 3G, quota is 5G and 3G has been consumed")
                .extracting("code").isEqualTo(ServiceError.OVER_LIMIT);
        quotas.set("project-b", Map.of("gigabytes", 100L, "volumes", 0L));
        assertThatThrownBy(() -> transfers.accept(TAKER, offer.transfer().id(), offer.authKey()))
                .hasMessageContaining("Maximum number of volumes allowed (0) exceeded")
                .extracting("code").isEqualTo(ServiceError.OVER_LIMIT);
        assertThat(volumes.get(DONOR, volume.id()).status()).isEqualTo(VolumeStatus.AWAITING_TRANSFER);
        assertThat(quotas.usage("project-b")).containsEntry("volumes", 0L).containsEntry("gigabytes", 0L);
        assertThat(transfers.list(DONOR, false)).extracting(Transfer::id).containsExactly(offer.transfer().id());
    }

    @Test
    void anOfferIsSeenByItsProjectAndAdministratorsOnly() {
        VolumeTransfers.Offer offer = transfers.create(DONOR, volume(1).id(), "gift", false);
        String id = offer.transfer().id();
        assertThatThrownBy(() -> transfers.get(TAKER, id)).hasMessage("Transfer %s could not be found.", id)
                .extracting("code").isEqualTo(ServiceError.NOT_FOUND);
        assertThatThrownBy(() -> transfers.delete(TAKER, id)).extracting("code").isEqualTo(ServiceError.NOT_FOUND);
        assertThat(transfers.list(TAKER, false)).isEmpty();
        assertThat(transfers.list(TAKER, true)).as("all_tenants is for administrators").isEmpty();
        assertThat(transfers.list(DONOR, false)).extracting(Transfer::id).containsExactly(id);
        assertThat(transfers.list(ADMIN, false)).as("an administrator's own project").isEmpty();
        assertThat(transfers.list(ADMIN, true)).extracting(Transfer::id).containsExactly(id);
        assertThat(transfers.get(ADMIN, id).id()).isEqualTo(id);
    }

    @Test
    void onlyAnAvailableVolumeOfTheCallersProjectIsOffered() {
        Volume volume = volume(1);
        assertThatThrownBy(() -> transfers.create(TAKER, volume.id(), null, false))
                .extracting("code").isEqualTo(ServiceError.NOT_FOUND);
        transfers.create(DONOR, volume.id(), null, false);
        assertThatThrownBy(() -> transfers.create(DONOR, volume.id(), null, false))
                .hasMessage("Invalid volume: status must be available")
                .extracting("code").isEqualTo(ServiceError.INVALID_REQUEST);
        assertThat(transfers.list(DONOR, false)).hasSize(1);
    }

    @Test
    void aVolumeAwaitingTransferIsNotDeletedAndIsAvailableAgainOnceTheOfferIsWithdrawn() {
        Volume volume = volume(1);
        VolumeTransfers.Offer offer = transfers.create(DONOR, volume.id(), null, false);
        assertThatThrownBy(() -> volumes.delete(DONOR, volume.id(), false))
                .hasMessageContaining("awaiting a transfer").extracting("code").isEqualTo(ServiceError.INVALID_REQUEST);
        transfers.delete(DONOR, offer.transfer().id());
        assertThat(volumes.get(DONOR, volume.id()).status()).isEqualTo(VolumeStatus.AVAILABLE);
        assertThat(transfers.list(DONOR, false)).isEmpty();
        assertThatThrownBy(() -> transfers.accept(TAKER, offer.transfer().id(), offer.authKey()))
                .extracting("code").isEqualTo(ServiceError.NOT_FOUND);
        volumes.delete(DONOR, volume.id(), false);
    }

    @Test
    void anAdministratorsForceDeleteOfAVolumeAwaitingTransferRemovesTheOffer() {
        Volume volume = volume(1);
        VolumeTransfers.Offer offer = transfers.create(DONOR, volume.id(), null, false);
        volumes.forceDelete(ADMIN, volume.id());
        assertThat(transfers.list(ADMIN, true)).isEmpty();
        assertThatThrownBy(() -> transfers.accept(TAKER, offer.transfer().id(), offer.authKey()))
                .extracting("code").isEqualTo(ServiceError.NOT_FOUND);
        long rows = database.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM volume_transfers")
                .mapTo(Long.class).one());
        assertThat(rows).as("no row left behind").isZero();
    }

    @Test
    void anOfferOutlivesARestart() {
        Volume volume = volume(1);
        VolumeTransfers.Offer offer = transfers.create(DONOR, volume.id(), "gift", true);
        database.close();
        open();
        volumes.recover();
        assertThat(volumes.get(DONOR, volume.id()).status()).isEqualTo(VolumeStatus.AWAITING_TRANSFER);
        assertThat(transfers.get(DONOR, offer.transfer().id())).isEqualTo(offer.transfer());
        transfers.accept(TAKER, offer.transfer().id(), offer.authKey());
        assertThat(volumes.get(TAKER, volume.id()).projectId()).isEqualTo("project-b");
    }
}
