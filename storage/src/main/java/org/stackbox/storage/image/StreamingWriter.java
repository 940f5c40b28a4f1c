package org.stackbox.storage.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Copies a stream to a file while computing md5 and sha512, then flushes the file to stable storage.
 *
 * <p>Each digest costs about as much CPU as the copy itself, so the calling thread only reads and writes while two
 * helper threads compute md5 and sha512 over the same buffers; a small fixed pool of buffers bounds memory whatever
 * the image size. Written data is also flushed to disk in the background every {@value #FLUSH_INTERVAL} bytes, so
 * that the final flush does not have to write the whole image after the last byte arrived.
 */
final class StreamingWriter {
    static final int BUFFER_LENGTH = 1 << 20;
    private static final int BUFFERS = 8;
    private static final long FLUSH_INTERVAL = 64L << 20;
    private static final Chunk END = new Chunk(new byte[0], 0, new AtomicInteger());

    private final ExecutorService helpers = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "image-write-helper");
        thread.setDaemon(true);
        return thread;
    });

    /** A filled buffer; {@code readers} counts the digests that still have to see it before it is reused. */
    private record Chunk(byte[] bytes, int length, AtomicInteger readers) {}

    /** Size, md5 and sha512 of {@code data} read to its end, with nothing written. */
    WrittenData digest(InputStream data, long maxBytes) throws IOException {
        return copy(data, null, maxBytes);
    }

    /** Copies {@code data} into {@code channel} (none: only digests it) and flushes it to stable storage. */
    WrittenData copy(InputStream data, FileChannel channel, long maxBytes) throws IOException {
        BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
        for (int index = 0; index < BUFFERS; index++) {
            free.add(new byte[BUFFER_LENGTH]);
        }
        List<BlockingQueue<Chunk>> digestQueues = List.of(new ArrayBlockingQueue<>(BUFFERS + 1), new ArrayBlockingQueue<>(BUFFERS + 1));
        Future<byte[]> md5 = helpers.submit(() -> digest("MD5", digestQueues.get(0), free));
        Future<byte[]> sha512 = helpers.submit(() -> digest("SHA-512", digestQueues.get(1), free));
        Future<?> flush = null;
        long total = 0;
        long flushed = 0;
        try {
            while (true) {
                byte[] buffer = free.take();
                int count = data.readNBytes(buffer, 0, buffer.length);
                total += count;
                if (total > maxBytes) {
                    throw new ImageTooLargeException(maxBytes);
                }
                if (channel != null) {
                    writeFully(channel, buffer, count);
                }
                Chunk chunk = new Chunk(buffer, count, new AtomicInteger(digestQueues.size()));
                for (BlockingQueue<Chunk> queue : digestQueues) {
                    queue.put(chunk);
                }
                if (channel != null && total - flushed >= FLUSH_INTERVAL && (flush == null || flush.isDone())) {
                    flushed = total;
                    flush = helpers.submit(() -> {
                        channel.force(false);
                        return null;
                    });
                }
                if (count < buffer.length) {
                    break;
                }
            }
            for (BlockingQueue<Chunk> queue : digestQueues) {
                queue.put(END);
            }
            if (flush != null) {
                flush.get();
            }
            if (channel != null) {
                channel.force(true);
            }
            return new WrittenData(total, hex(md5.get()), hex(sha512.get()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing image data");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException failure ? failure : new IOException("writing image data failed", e.getCause());
        } finally {
            md5.cancel(true);
            sha512.cancel(true);
            if (flush != null) {
                waitQuietly(flush);
            }
        }
    }

    private static byte[] digest(String algorithm, BlockingQueue<Chunk> chunks, BlockingQueue<byte[]> free) throws InterruptedException {
        MessageDigest digest = digest(algorithm);
        for (Chunk chunk = chunks.take(); chunk != END; chunk = chunks.take()) {
            digest.update(chunk.bytes(), 0, chunk.length());
            if (chunk.readers().decrementAndGet() == 0) {
                free.put(chunk.bytes());
            }
        }
        return digest.digest();
    }

    // The file is closed (and deleted) after this returns, so a background flush must not outlive the copy.
    private static void waitQuietly(Future<?> flush) {
        try {
            flush.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException ignored) {
            // the copy already failed or reported it
        }
    }

    private static void writeFully(FileChannel channel, byte[] buffer, int count) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, count);
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }

    private static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
