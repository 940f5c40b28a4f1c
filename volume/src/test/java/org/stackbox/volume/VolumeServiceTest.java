package org.stackbox.volume;

import org.stackbox.volume.store.VolumeTypeRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbox.common.auth.Caller;
import org.stackbox.common.ServiceException;
import org.stackbox.common.ServiceError;
import org.stackbox.database.Database;
import org.stackbox.database.DatabaseUrl;
import org.stackbox.storage.block.LocalBlockStore;
import org.stackbox.storage.block.QemuImg;
import org.stackbox.storage.block.VolumeId;
import org.stackbox.volume.model.Snapshot;
import org.stackbox.volume.model.SnapshotStatus;
import org.stackbox.volume.model.Volume;
import org.stackbox.volume.model.VolumeStatus;
import org.stackbox.volume.store.AttachmentRepository;
import org.stackbox.volume.store.QuotaRepository;
import org.stackbox.volume.store.SnapshotRepository;
import org.stackbox.volume.store.VolumeRepository;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The volume rules on a real SQLite file and real qcow2 volumes; disk work runs inline so results are immediate. */
class VolumeServiceTest {
    private static final Caller MEMBER = new Caller("user-1", "alice", "default", "project-a", "a", null,
            Set.of("member", "reader"), Instant.MAX);
    private static final Caller OTHER_PROJECT = new Caller("user-2", "bob", "default", "project-b", "b", null,
            Set.of("member", "reader"), Instant.MAX);
    private static final Caller ADMIN = new Caller("user-0", "admin", "default", "project-admin", "admin", null,
            Set.of("admin", "member", "reader"), Instant.MAX);

    @TempDir
    Path directory;

    private Database database;
    private VolumeService volumes;
    private VolumeAttachments attachments;
    private VolumeQuotas quotas;
    private LocalBlockStore store;
    private VolumeRepository volumeRepository;
    private VolumeTypes types;

    @BeforeEach
    void setUp() {
        database = new Database(DatabaseUrl.sqlite(directory.resolve("volumes.db")));
        database.migrate("volume");
        var jdbi = database.jdbi();
        volumeRepository = new VolumeRepository(jdbi);
        SnapshotRepository snapshotRepository = new SnapshotRepository(jdbi);
        quotas = new VolumeQuotas(new QuotaRepository(jdbi), volumeRepository, snapshotRepository);
        store = new LocalBlockStore(directory.resolve("store"), QemuImg.system());
        types = new VolumeTypes(new VolumeTypeRepository(jdbi), volumeRepository, Clock.systemUTC());
        volumes = new VolumeService(volumeRepository, snapshotRepository, quotas, types, store, new NoImages(), Runnable::run, directory.resolve("scratch"), Clock.systemUTC());
        attachments = new VolumeAttachments(volumeRepository, new AttachmentRepository(jdbi), volumes, store, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    private Volume blank(String name, int size) {
        return volumes.create(MEMBER, new NewVolume(Optional.of(size), name, null, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Map.of()));
    }

    @Test
    void aBlankVolumeBecomesAvailableWithItsDisk() {
        Volume created = blank("blank_volume", 20);
        assertThat(created.status()).isEqualTo(VolumeStatus.CREATING);
        Volume settled = volumes.get(MEMBER, created.id());
        assertThat(settled.status()).isEqualTo(VolumeStatus.AVAILABLE);
        assertThat(settled.bootable()).isFalse();
        assertThat(store.info(new VolumeId(created.id())).sizeBytes()).isEqualTo(20L << 30);
        assertThat(volumes.list(MEMBER, false)).extracting(Volume::name).containsExactly("blank_volume");
    }

    @Test
    void aStartRemovesTheExportsOfUploadsItGaveUp() throws Exception {
        Path scratch = Files.createDirectories(directory.resolve("scratch"));
        Files.write(scratch.resolve("volume-image.qcow2"), new byte[4096]);
        volumes.recover();
        try (var left = Files.list(scratch)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void otherProjectsSeeNothing() {
        Volume created = blank("mine", 1);
        assertThatThrownBy(() -> volumes.get(OTHER_PROJECT, created.id()))
                .isInstanceOf(ServiceException.class).extracting("code").isEqualTo(ServiceError.NOT_FOUND);
        assertThat(volumes.list(OTHER_PROJECT, false)).isEmpty();
        assertThat(volumes.list(OTHER_PROJECT, true)).isEmpty();
        assertThat(volumes.list(ADMIN, true)).hasSize(1);
    }

    @Test
    void aReadOnlyVolumeAttachesReadOnlyAndKeepsItsFlagWhileAttached() {
        Volume volume = blank("ro", 1);
        assertThat(volume.adminMetadata()).isEmpty();
        assertThat(volumes.setReadOnly(MEMBER, volume.id(), true).readOnly()).isTrue();
        assertThat(volumes.get(MEMBER, volume.id()).adminMetadata()).containsEntry("readonly", "True");

        assertThatThrownBy(() -> attachments.reserve(MEMBER, volume.id(), "server-1", "rw"))
                .isInstanceOf(ServiceException.class).hasMessage("Invalid attaching mode 'rw' for volume %s.", volume.id());
        assertThat(volumes.get(MEMBER, volume.id()).status()).isEqualTo(VolumeStatus.AVAILABLE);
        var attachment = attachments.reserve(MEMBER, volume.id(), "server-1", null);
        assertThat(attachment.attachMode()).isEqualTo("ro");
        assertThatThrownBy(() -> volumes.setReadOnly(MEMBER, volume.id(), false))
                .isInstanceOf(ServiceException.class)
                .hasMessage("Invalid volume: Volume status must be available to update readonly flag.");

        attachments.delete(MEMBER, attachment.id());
        volumes.setReadOnly(MEMBER, volume.id(), false);
        assertThat(attachments.reserve(MEMBER, volume.id(), "server-1", null).attachMode()).isEqualTo("rw");
        assertThat(volumes.get(MEMBER, volume.id()).adminMetadata()).containsEntry("readonly", "False");
    }

    @Test
    void aFirstAttachmentRecordsTheReadOnlyFlagAsCinderDoes() {
        Volume volume = blank("rw", 1);
        attachments.reserve(MEMBER, volume.id(), "server-1", null);
        Volume reserved = volumes.get(MEMBER, volume.id());
        assertThat(reserved.adminMetadata()).containsEntry("readonly", "False");
        assertThat(reserved.status()).isEqualTo(VolumeStatus.RESERVED);
    }

    @Test
    void aVolumeBacksOneServerAtATime() {
        Volume volume = blank("data", 1);
        var attachment = attachments.reserve(MEMBER, volume.id(), "server-1", "rw");
        assertThat(volumes.get(MEMBER, volume.id()).status()).isEqualTo(VolumeStatus.RESERVED);
        attachments.complete(MEMBER, attachment.id(), "/dev/vdb", "stackbox");
        assertThat(volumes.get(MEMBER, volume.id()).status()).isEqualTo(VolumeStatus.IN_USE);

        assertThatThrownBy(() -> attachments.reserve(MEMBER, volume.id(), "server-2", "rw"))
                .isInstanceOf(ServiceException.class).hasMessageContaining("in use by another server");
        assertThatThrownBy(() -> volumes.delete(MEMBER, volume.id(), false))
                .isInstanceOf(ServiceException.class).extracting("code").isEqualTo(ServiceError.INVALID_REQUEST);

        attachments.delete(MEMBER, attachment.id());
        assertThat(volumes.get(MEMBER, volume.id()).status()).isEqualTo(VolumeStatus.AVAILABLE);
    }

    @Test
    void aReserveThatARestartCutBeforeItsAttachmentWasRecordedGivesTheVolumeBack() {
        Volume cut = blank("cut", 1);
        volumeRepository.transition(cut.id(), Set.of(VolumeStatus.AVAILABLE), VolumeStatus.RESERVED, Instant.now());
        Volume reserved = blank("reserved", 1);
        attachments.reserve(MEMBER, reserved.id(), "server-1", "rw");

        attachments.recover();

        assertThat(volumes.get(MEMBER, cut.id()).status()).isEqualTo(VolumeStatus.AVAILABLE);
        assertThat(volumes.get(MEMBER, reserved.id()).status()).isEqualTo(VolumeStatus.RESERVED);
        attachments.reserve(MEMBER, cut.id(), "server-2", "rw");
    }

    @Test
    void snapshotsCloneAndCascadingDelete() {
        Volume volume = blank("source", 2);
        Snapshot snapshot = volumes.createSnapshot(MEMBER, volume.id(), "snap", null, false, Map.of());
        assertThat(volumes.getSnapshot(MEMBER, snapshot.id()).status()).isEqualTo(SnapshotStatus.AVAILABLE);

        Volume fromSnapshot = volumes.create(MEMBER, new NewVolume(Optional.empty(), "restored", null, Optional.empty(),
                Optional.empty(), Optional.of(snapshot.id()), Optional.empty(), Optional.empty(), Map.of()));
        assertThat(volumes.get(MEMBER, fromSnapshot.id()).status()).isEqualTo(VolumeStatus.AVAILABLE);
        assertThat(volumes.get(MEMBER, fromSnapshot.id()).sizeGib()).isEqualTo(2);

        assertThatThrownBy(() -> volumes.delete(MEMBER, volume.id(), false)).hasMessageContaining("dependent snapshots");
        volumes.delete(MEMBER, volume.id(), true);
        assertThatThrownBy(() -> volumes.get(MEMBER, volume.id())).extracting("code").isEqualTo(ServiceError.NOT_FOUND);
        assertThatThrownBy(() -> volumes.getSnapshot(MEMBER, snapshot.id())).extracting("code").isEqualTo(ServiceError.NOT_FOUND);
        assertThat(volumes.get(MEMBER, fromSnapshot.id()).status()).isEqualTo(VolumeStatus.AVAILABLE);

        volumes.delete(MEMBER, fromSnapshot.id(), false);
        try (var files = Files.walk(directory.resolve("store"))) {
            assertThat(files.filter(Files::isRegularFile).filter(file -> file.toString().endsWith(".qcow2"))).isEmpty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void extendGrowsOnlyAndKeepsTheState() {
        Volume volume = blank("grow", 1);
        volumes.extend(MEMBER, volume.id(), 3, false);
        assertThat(volumes.get(MEMBER, volume.id()).sizeGib()).isEqualTo(3);
        assertThat(volumes.get(MEMBER, volume.id()).status()).isEqualTo(VolumeStatus.AVAILABLE);
        assertThat(store.info(new VolumeId(volume.id())).sizeBytes()).isEqualTo(3L << 30);
        assertThatThrownBy(() -> volumes.extend(MEMBER, volume.id(), 2, false)).hasMessageContaining("greater than current size");
    }

    @Test
    void quotasRefuseWithoutLeavingAnything() {
        quotas.set("project-a", Map.of("gigabytes", 5L));
        blank("fits", 4);
        assertThatThrownBy(() -> blank("too-big", 2))
                .isInstanceOf(ServiceException.class).extracting("code").isEqualTo(ServiceError.OVER_LIMIT);
        assertThat(volumes.list(MEMBER, false)).extracting(Volume::name).containsExactly("fits");
        quotas.set("project-a", Map.of("volumes", 1L, "gigabytes", 1000L));
        assertThatThrownBy(() -> blank("second", 1)).hasMessageContaining("Maximum number of volumes allowed (1)");
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> blank("zero", 0)).extracting("code").isEqualTo(ServiceError.INVALID_REQUEST);
        assertThatThrownBy(() -> volumes.create(MEMBER, new NewVolume(Optional.empty(), "no size", null, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of())))
                .hasMessageContaining("'size' is required");
        assertThatThrownBy(() -> volumes.create(MEMBER, new NewVolume(Optional.of(1), "zone", null, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("elsewhere"), Map.of())))
                .hasMessageContaining("Availability zone 'elsewhere' is invalid");
        assertThatThrownBy(() -> volumes.create(MEMBER, new NewVolume(Optional.of(1), "type", null, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of("gold"), Optional.empty(), Map.of())))
                .extracting("code").isEqualTo(ServiceError.NOT_FOUND);
        assertThat(volumes.list(MEMBER, false)).isEmpty();
    }

    @Test
    void anUploadToImageThatARestartInterruptedGivesTheVolumeBackAndRemovesItsImage() throws Exception {
        Volume volume = blank("attached", 1);
        var attachment = attachments.reserve(MEMBER, volume.id(), "server-1", "rw");
        attachments.complete(MEMBER, attachment.id(), "/dev/vdb", "stackbox");
        var jdbi = database.jdbi();
        ReservedImages images = new ReservedImages();
        Path scratch = directory.resolve("scratch");
        // The process stops before its worker runs the upload: the task is never run.
        VolumeService stopped = new VolumeService(new VolumeRepository(jdbi), new SnapshotRepository(jdbi), quotas,
                types, store, images, task -> { }, scratch, Clock.systemUTC());
        stopped.uploadToImage(MEMBER, volume.id(), "upload", "qcow2", "bare", true, "private", false);
        assertThat(volumes.get(MEMBER, volume.id()).status()).isEqualTo(VolumeStatus.UPLOADING);

        new VolumeService(new VolumeRepository(jdbi), new SnapshotRepository(jdbi), quotas, types, store, images,
                Runnable::run, scratch, Clock.systemUTC()).recover();

        assertThat(volumes.get(MEMBER, volume.id()).status()).isEqualTo(VolumeStatus.IN_USE);
        assertThat(images.discarded).containsExactly("reserved-1");
        try (var left = Files.list(scratch)) {
            assertThat(left).isEmpty();
        }
    }

    /** Reserves image ids and records the ones discarded; nothing is ever uploaded. */
    private static final class ReservedImages implements VolumeImages {
        private final List<String> discarded = new ArrayList<>();
        private int reserved;

        @Override
        public SourceImage find(Caller caller, String imageId) {
            throw ServiceException.notFound("Image %s could not be found.", imageId);
        }

        @Override
        public String reserve(Caller caller, String name, String diskFormat, String containerFormat, String visibility, boolean protectedImage) {
            return "reserved-" + ++reserved;
        }

        @Override
        public void upload(Caller caller, String imageId, Path data) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void discard(String imageId) {
            discarded.add(imageId);
        }

        @Override
        public Map<String, Object> describe(Caller caller, String imageId) {
            return Map.of("image_id", imageId);
        }
    }
}
