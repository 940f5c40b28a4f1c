package org.stackbox.image;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbox.common.ServiceError;
import org.stackbox.image.spi.DiskFormat;
import org.stackbox.image.spi.ImageDescription;
import org.stackbox.image.spi.NewImageData;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stackbox.image.ImageFixture.admin;
import static org.stackbox.image.ImageFixture.memberOfA;
import static org.stackbox.image.ImageFixture.memberOfB;
import static org.stackbox.image.ImageServiceTest.assertFault;

/** Uploads, staging, imports and downloads through the real store, with real qcow2 and ISO data from qemu-img and xorriso. */
class ImageTransfersTest {
    @TempDir
    Path directory;

    private ImageFixture fixture;
    private ImageTransfers transfers;

    @BeforeEach
    void open() {
        fixture = new ImageFixture(directory);
        transfers = fixture.transfers;
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void anUploadBecomesActiveWithItsSizeAndDigests() throws Exception {
        byte[] data = randomBytes(5 * 1024 * 1024 + 7);
        Image image = fixture.create(memberOfA(), "name", "disk", "disk_format", "raw", "container_format", "bare");
        Image active = transfers.upload(memberOfA(), image.id(), new ByteArrayInputStream(data));
        assertThat(active.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(active.size()).isEqualTo(data.length);
        assertThat(active.virtualSize()).isEqualTo(data.length);
        assertThat(active.checksum()).isEqualTo(digest("MD5", data));
        assertThat(active.hashValue()).isEqualTo(digest("SHA-512", data));
        assertThat(active.hashAlgorithm()).isEqualTo("sha512");

        ImageContent whole = transfers.download(memberOfA(), image.id(), Optional.empty());
        assertThat(whole.partial()).isFalse();
        try (InputStream in = whole.data().orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        ImageContent range = transfers.download(memberOfA(), image.id(), Optional.of(new ByteRangeRequest(OptionalLong.of(10), OptionalLong.of(19))));
        assertThat(range.partial()).isTrue();
        try (InputStream in = range.data().orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 10, 20));
        }
        ImageContent suffix = transfers.download(memberOfA(), image.id(), Optional.of(new ByteRangeRequest(OptionalLong.empty(), OptionalLong.of(3))));
        assertThat(suffix.offset()).isEqualTo(data.length - 3);
        try (InputStream in = suffix.data().orElseThrow()) {
            in.readAllBytes();
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> transfers.download(memberOfA(), image.id(),
                Optional.of(new ByteRangeRequest(OptionalLong.of(data.length), OptionalLong.empty()))))
                .isInstanceOf(RangeNotSatisfiableException.class);

        assertFault(() -> transfers.upload(memberOfA(), image.id(), new ByteArrayInputStream(data)),
                ServiceError.CONFLICT, "Image status transition from active to saving is not allowed");
    }

    @Test
    void anAdoptedFileBecomesTheImagesDataAndARefusedOneLeavesNothing() throws Exception {
        byte[] data = Files.readAllBytes(qcow2(false));
        Path copy = Files.write(directory.resolve("disk-copy.qcow2"), data);
        Image image = fixture.create(memberOfA(), "name", "snapshot", "disk_format", "qcow2", "container_format", "bare");
        Image active = transfers.adopt(memberOfA(), image.id(), copy);
        assertThat(active.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(active.size()).isEqualTo(data.length);
        assertThat(active.checksum()).isEqualTo(digest("MD5", data));
        assertThat(active.hashValue()).isEqualTo(digest("SHA-512", data));
        assertThat(active.virtualSize()).as("inspected as qcow2").isEqualTo(64L * 1024 * 1024);
        assertThat(copy).doesNotExist();
        try (InputStream in = transfers.download(memberOfA(), image.id(), Optional.empty()).data().orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }

        Path withBacking = Files.copy(qcow2(true), directory.resolve("backed-copy.qcow2"));
        Image refused = fixture.create(memberOfA(), "name", "backed", "disk_format", "qcow2", "container_format", "bare");
        assertFault(() -> transfers.adopt(memberOfA(), refused.id(), withBacking), ServiceError.INVALID_REQUEST, "backing");
        assertThat(withBacking).doesNotExist();
        assertThat(fixture.storedFiles()).isEqualTo(1);
    }

    @Test
    void aQueuedImageHasNoData() {
        Image image = fixture.create(memberOfA(), "name", "empty", "disk_format", "raw", "container_format", "bare");
        assertThat(transfers.download(memberOfA(), image.id(), Optional.empty()).data()).isEmpty();
    }

    @Test
    void anIsoRecordsItsLabelAndBootRecord() throws Exception {
        Path iso = iso("STACKBOX_TEST", true);
        Image image = fixture.create(admin(), "name", "installer", "disk_format", "iso", "container_format", "bare", "visibility", "public");
        Image active;
        try (InputStream data = Files.newInputStream(iso)) {
            active = transfers.upload(admin(), image.id(), data);
        }
        assertThat(active.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(active.properties()).containsEntry("iso_volume_label", "STACKBOX_TEST").containsEntry("iso_bootable", "true");
        assertThat(active.virtualSize()).isEqualTo(Files.size(iso));
    }

    @Test
    void dataThatIsNotItsDiskFormatRemovesTheImage() throws Exception {
        Path qcow2 = qcow2(true);
        rejected("qcow2", Files.readAllBytes(qcow2), "backing");
        rejected("raw", Files.readAllBytes(qcow2(false)), "qcow2");
        rejected("iso", randomBytes(100_000), "");
        assertThat(fixture.storedFiles()).isZero();
        assertThat(fixture.service.list(admin(), ImageQuery.defaults()).images()).isEmpty();
    }

    @Test
    void aBrokenUploadReturnsTheImageToQueuedAndKeepsNothing() throws Exception {
        Image image = fixture.create(memberOfA(), "name", "broken", "disk_format", "raw", "container_format", "bare");
        InputStream broken = new SequenceInputStream(new ByteArrayInputStream(randomBytes(3 * 1024 * 1024)), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("Early EOF");
            }
        });
        assertFault(() -> transfers.upload(memberOfA(), image.id(), broken), ServiceError.INVALID_REQUEST, "did not arrive completely");
        Image queued = fixture.service.get(memberOfA(), image.id());
        assertThat(queued.status()).isEqualTo(ImageStatus.QUEUED);
        assertThat(queued.size()).isNull();
        assertThat(queued.checksum()).isNull();
        assertThat(fixture.storedFiles()).isZero();
        // and the client may simply try again
        assertThat(transfers.upload(memberOfA(), image.id(), new ByteArrayInputStream(randomBytes(1000))).status()).isEqualTo(ImageStatus.ACTIVE);
    }

    @Test
    void theByteQuotaRefusesAnUploadOverItAndKeepsNothing() throws Exception {
        fixture.service.setQuota(admin(), ImageFixture.PROJECT_B, new ImageQuota(OptionalLong.empty(), OptionalLong.of(3_000_000)));
        Image first = fixture.create(memberOfB(), "name", "fits", "disk_format", "raw", "container_format", "bare");
        transfers.upload(memberOfB(), first.id(), new ByteArrayInputStream(randomBytes(2_000_000)));
        Image second = fixture.create(memberOfB(), "name", "too-big", "disk_format", "raw", "container_format", "bare");
        assertFault(() -> transfers.upload(memberOfB(), second.id(), new ByteArrayInputStream(randomBytes(2_000_000))),
                ServiceError.OVER_LIMIT, "quota");
        assertThat(fixture.service.get(memberOfB(), second.id()).status()).isEqualTo(ImageStatus.QUEUED);
        assertThat(fixture.storedFiles()).isEqualTo(1);
    }

    @Test
    void stagedDataBecomesActiveOnGlanceDirectImport() throws Exception {
        byte[] data = randomBytes(70_000);
        Image image = fixture.create(memberOfA(), "name", "imported", "disk_format", "raw", "container_format", "bare");
        assertFault(() -> transfers.importStaged(memberOfA(), image.id(), "glance-direct"), ServiceError.CONFLICT, "no staged data");
        transfers.stage(memberOfA(), image.id(), new ByteArrayInputStream(data));
        assertThat(fixture.service.get(memberOfA(), image.id()).status()).isEqualTo(ImageStatus.UPLOADING);
        assertFault(() -> transfers.importStaged(memberOfA(), image.id(), "web-download"), ServiceError.INVALID_REQUEST, "not supported");
        transfers.importStaged(memberOfA(), image.id(), "glance-direct");
        Image active = fixture.service.get(memberOfA(), image.id());
        assertThat(active.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(active.checksum()).isEqualTo(digest("MD5", data));
    }

    @Test
    void onlyAdministratorsReadADeactivatedImage() throws Exception {
        Image image = fixture.create(admin(), "name", "old", "disk_format", "raw", "container_format", "bare", "visibility", "public");
        transfers.upload(admin(), image.id(), new ByteArrayInputStream(randomBytes(1000)));
        fixture.service.deactivate(admin(), image.id());
        assertFault(() -> transfers.download(memberOfB(), image.id(), Optional.empty()), ServiceError.NOT_PERMITTED, "deactivated");
        transfers.download(admin(), image.id(), Optional.empty()).data().orElseThrow().close();
        fixture.service.reactivate(admin(), image.id());
        transfers.download(memberOfB(), image.id(), Optional.empty()).data().orElseThrow().close();
    }

    @Test
    void interruptedUploadsAreQueuedAgainAfterARestart() throws Exception {
        Image image = fixture.create(memberOfA(), "name", "crashed", "disk_format", "raw", "container_format", "bare");
        fixture.images.transition(image.id(), ImageStatus.QUEUED, ImageStatus.SAVING, image.createdAt());
        fixture.service.recover();
        assertThat(fixture.service.get(memberOfA(), image.id()).status()).isEqualTo(ImageStatus.QUEUED);
    }

    @Test
    void otherServicesCreateAndFindImagesThroughTheSpi() throws Exception {
        LocalImages images = new LocalImages(fixture.service, transfers, fixture.images, fixture.store);
        byte[] data = randomBytes(4096);
        ImageDescription created = images.create(memberOfA(), new NewImageData("volume-upload", DiskFormat.RAW, Map.of("source", "volume")),
                new ByteArrayInputStream(data));
        assertThat(created.size()).isEqualTo(data.length);
        assertThat(images.findActive(memberOfA(), created.id())).contains(created);
        assertThat(images.findActive(memberOfB(), created.id())).isEmpty();
        assertThat(Files.readAllBytes(images.localFile(created.id()).orElseThrow())).isEqualTo(data);

        assertFault(() -> images.create(memberOfA(), new NewImageData("bad", DiskFormat.ISO, Map.of()), new ByteArrayInputStream(data)),
                ServiceError.INVALID_REQUEST, "not a valid iso image");
        assertThat(fixture.service.list(memberOfA(), ImageQuery.defaults()).images()).hasSize(1);
    }

    private void rejected(String diskFormat, byte[] data, String message) {
        Image image = fixture.create(memberOfA(), "name", "bad-" + diskFormat, "disk_format", diskFormat, "container_format", "bare");
        assertFault(() -> transfers.upload(memberOfA(), image.id(), new ByteArrayInputStream(data)), ServiceError.INVALID_REQUEST, message);
        assertFault(() -> fixture.service.get(memberOfA(), image.id()), ServiceError.NOT_FOUND, "No image found");
    }

    private Path qcow2(boolean withBackingFile) throws Exception {
        Path base = directory.resolve("base.qcow2");
        Path image = directory.resolve(withBackingFile ? "overlay.qcow2" : "plain.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", base.toString(), "64M");
        if (withBackingFile) {
            run("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", base.toString(), image.toString());
            return image;
        }
        return base;
    }

    private Path iso(String label, boolean bootable) throws Exception {
        Path content = Files.createDirectories(directory.resolve("iso-content"));
        Files.writeString(content.resolve("README"), "Stackbox test ISO\n");
        Files.write(content.resolve("boot.img"), new byte[2048]);
        Path iso = directory.resolve("test.iso");
        if (bootable) {
            run("xorriso", "-as", "mkisofs", "-quiet", "-V", label, "-b", "boot.img", "-no-emul-boot", "-o", iso.toString(), content.toString());
        } else {
            run("xorriso", "-as", "mkisofs", "-quiet", "-V", label, "-o", iso.toString(), content.toString());
        }
        return iso;
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + output);
        }
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    private static String digest(String algorithm, byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    }
}
