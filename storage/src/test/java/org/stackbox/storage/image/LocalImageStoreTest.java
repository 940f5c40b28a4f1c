package org.stackbox.storage.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalImageStoreTest {
    private static final String ID = "6c0a2c4e-3b84-4f63-8d0e-1f2a3b4c5d6e";

    @TempDir
    Path root;

    @Test
    void writesHashesAndPublishesOnlyOnCommit() throws Exception {
        LocalImageStore store = LocalImageStore.open(root);
        byte[] data = randomBytes(3 * StreamingWriter.BUFFER_LENGTH + 12345);
        try (PendingImage pending = store.write(ID, new ByteArrayInputStream(data), Long.MAX_VALUE)) {
            assertThat(pending.data()).isEqualTo(new WrittenData(data.length, digest("MD5", data), digest("SHA-512", data)));
            assertThat(store.localPath(ID)).isEmpty();
            assertThat(store.size(ID)).isEmpty();
            pending.commit();
        }
        assertThat(store.size(ID)).hasValue(data.length);
        assertThat(store.localPath(ID)).contains(root.toAbsolutePath().resolve(ID));
        assertThat(Files.readAllBytes(store.localPath(ID).orElseThrow())).isEqualTo(data);
        assertThat(filesIn(root.resolve(".incoming"))).isZero();
    }

    @Test
    void adoptsAFileByMovingItInAndHashesItInOneRead() throws Exception {
        LocalImageStore store = LocalImageStore.open(root.resolve("store"));
        byte[] data = randomBytes(2 * StreamingWriter.BUFFER_LENGTH + 99);
        Path file = Files.write(root.resolve("copy.qcow2"), data);
        Object inode = Files.getAttribute(file, "unix:ino");
        long[] observed = new long[1];
        try (PendingImage pending = store.adopt(ID, file, in -> new java.io.FilterInputStream(in) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int count = super.read(buffer, offset, length);
                observed[0] += Math.max(count, 0);
                return count;
            }
        }, Long.MAX_VALUE)) {
            assertThat(pending.data()).isEqualTo(new WrittenData(data.length, digest("MD5", data), digest("SHA-512", data)));
            assertThat(store.localPath(ID)).isEmpty();
            pending.commit();
        }
        assertThat(observed[0]).as("the observer saw every byte").isEqualTo(data.length);
        assertThat(file).doesNotExist();
        Path stored = store.localPath(ID).orElseThrow();
        assertThat(Files.getAttribute(stored, "unix:ino")).as("the same file, moved, not copied").isEqualTo(inode);
        assertThat(Files.readAllBytes(stored)).isEqualTo(data);
    }

    @Test
    void anAdoptedFileOverTheLimitIsGoneAndNothingIsKept() throws Exception {
        LocalImageStore store = LocalImageStore.open(root.resolve("store"));
        Path file = Files.write(root.resolve("copy.raw"), randomBytes(2 * StreamingWriter.BUFFER_LENGTH));
        assertThatThrownBy(() -> store.adopt(ID, file, in -> in, StreamingWriter.BUFFER_LENGTH))
                .isInstanceOf(ImageTooLargeException.class);
        assertThat(file).doesNotExist();
        assertThat(filesIn(root.resolve("store/.incoming"))).isZero();
        assertThat(store.localPath(ID)).isEmpty();
    }

    @Test
    void hashesAnEmptyImage() throws Exception {
        LocalImageStore store = LocalImageStore.open(root);
        try (PendingImage pending = store.write(ID, InputStream.nullInputStream(), 0)) {
            assertThat(pending.data().size()).isZero();
            assertThat(pending.data().md5()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        }
    }

    @Test
    void readsRanges() throws Exception {
        LocalImageStore store = LocalImageStore.open(root);
        byte[] data = randomBytes(100_000);
        try (PendingImage pending = store.write(ID, new ByteArrayInputStream(data), Long.MAX_VALUE)) {
            pending.commit();
        }
        try (InputStream range = store.read(ID, 1000, 5000)) {
            assertThat(range.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(data, 1000, 6000));
        }
        try (InputStream all = store.read(ID, 0, data.length)) {
            assertThat(all.readAllBytes()).isEqualTo(data);
        }
        assertThatThrownBy(() -> store.read(ID, 99_000, 2000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.read("00000000-0000-0000-0000-000000000000", 0, 1)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void closingWithoutCommitDiscards() throws Exception {
        LocalImageStore store = LocalImageStore.open(root);
        store.write(ID, new ByteArrayInputStream(randomBytes(10)), Long.MAX_VALUE).close();
        assertThat(filesIn(root)).isEqualTo(1); // only .incoming
        assertThat(filesIn(root.resolve(".incoming"))).isZero();
    }

    @Test
    void refusesDataOverTheLimitAndKeepsNothing() throws Exception {
        LocalImageStore store = LocalImageStore.open(root);
        assertThatThrownBy(() -> store.write(ID, new ByteArrayInputStream(randomBytes(2 * StreamingWriter.BUFFER_LENGTH)),
                StreamingWriter.BUFFER_LENGTH + 1)).isInstanceOf(ImageTooLargeException.class);
        try (PendingImage exact = store.write(ID, new ByteArrayInputStream(randomBytes(1000)), 1000)) {
            assertThat(exact.data().size()).isEqualTo(1000);
        }
        assertThat(filesIn(root.resolve(".incoming"))).isZero();
    }

    @Test
    void aBrokenStreamLeavesNothing() throws Exception {
        LocalImageStore store = LocalImageStore.open(root);
        InputStream broken = new SequenceInputStream(new ByteArrayInputStream(randomBytes(3 * StreamingWriter.BUFFER_LENGTH)),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("Early EOF");
                    }
                });
        assertThatThrownBy(() -> store.write(ID, broken, Long.MAX_VALUE)).hasMessage("Early EOF");
        assertThat(filesIn(root.resolve(".incoming"))).isZero();
        assertThat(store.localPath(ID)).isEmpty();
    }

    @Test
    void openingRemovesPartialWritesOfACrash() throws Exception {
        Files.createDirectories(root.resolve(".incoming"));
        Files.write(root.resolve(".incoming").resolve(ID + ".x.part"), randomBytes(10));
        LocalImageStore.open(root);
        assertThat(filesIn(root.resolve(".incoming"))).isZero();
    }

    @Test
    void deleteIsIdempotentAndIdsCannotEscapeTheRoot() throws Exception {
        LocalImageStore store = LocalImageStore.open(root);
        try (PendingImage pending = store.write(ID, new ByteArrayInputStream(randomBytes(10)), Long.MAX_VALUE)) {
            pending.commit();
        }
        store.delete(ID);
        store.delete(ID);
        assertThat(store.localPath(ID)).isEmpty();
        assertThatThrownBy(() -> store.localPath("../stackbox.db")).isInstanceOf(IllegalArgumentException.class);
    }

    private static long filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.count();
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
