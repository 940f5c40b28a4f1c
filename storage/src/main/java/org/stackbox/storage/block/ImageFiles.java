package org.stackbox.storage.block;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code qemu-img} operations the local store needs, each naming every format explicitly ({@code -f}, {@code -F},
 * {@code -O}): QEMU never probes a format. Files are written under a temporary name and renamed into place, so a
 * file with a final name is always complete; a failed write leaves nothing behind.
 */
final class ImageFiles {
    /** Operations that touch metadata only: their time does not depend on the size of the data. */
    static final Duration METADATA_TIMEOUT = Duration.ofMinutes(2);
    /** Operations that copy data (a base conversion, an export): generous, since images can be very large. */
    static final Duration COPY_TIMEOUT = Duration.ofHours(24);

    private final QemuImg qemuImg;

    ImageFiles(QemuImg qemuImg) {
        this.qemuImg = requireNonNull(qemuImg, "qemuImg is null");
    }

    /**
     * One file's information. Without {@code forceShare} qemu-img takes the image's shared lock, which fails while a
     * QEMU process writes to it: that makes this call the check that a volume is not in use.
     */
    QemuImageInfo info(Path file, String format, boolean forceShare) {
        List<String> arguments = new ArrayList<>(List.of("info", "--output=json", "-f", format));
        if (forceShare) {
            arguments.add("-U");
        }
        arguments.add(file.toString());
        return QemuImageInfo.parse(qemuImg.runJson(METADATA_TIMEOUT, arguments));
    }

    /** A qcow2 file and its whole backing chain, top first; readable while the file is in use. */
    List<QemuImageInfo> chain(Path head) {
        return QemuImageInfo.parseChain(qemuImg.runJson(METADATA_TIMEOUT,
                List.of("info", "--output=json", "--backing-chain", "-U", "-f", "qcow2", head.toString())));
    }

    void createBlank(Path target, VolumeSize size) {
        writeAtomically(target, temporary -> EmptyQcow2.write(temporary, size.bytes(), Optional.empty()));
    }

    /**
     * A qcow2 overlay of {@code backing}, which must sit next to or below {@code target}'s volume directory. The
     * backing name is stored relative to the target's directory. {@code -u} spares qemu-img from opening the backing
     * file (it may be in use as another volume's backing file); the caller has checked it and passes the size.
     * Written in Java, as {@code qemu-img create -u} would write it: see {@link EmptyQcow2}.
     */
    void createOverlay(Path target, Path backing, String backingFormat, VolumeSize size) {
        String relativeBacking = target.getParent().relativize(backing).toString();
        writeAtomically(target, temporary -> EmptyQcow2.write(temporary, size.bytes(),
                Optional.of(new EmptyQcow2.Backing(relativeBacking, backingFormat))));
    }

    /** Grows a qcow2 file in place; fails (lock conflict) if QEMU has it open. */
    void resize(Path file, VolumeSize size) {
        qemuImg.run(METADATA_TIMEOUT, "resize", "-q", "-f", "qcow2", file.toString(), Long.toString(size.bytes()));
    }

    /** Converts a whole image, backing chain included, to one self-contained file (sparse where the data is zero). */
    void convert(Path source, String sourceFormat, Path target, String targetFormat) {
        writeAtomically(target, temporary -> qemuImg.run(COPY_TIMEOUT,
                "convert", "-f", sourceFormat, "-O", targetFormat, source.toString(), temporary.toString()));
    }

    /** Writes {@code target} through a temporary sibling; on any failure the temporary file is removed. */
    static void writeAtomically(Path target, FileWriter writer) {
        Path temporary = StoreLayout.temporarySibling(target);
        try {
            writer.write(temporary);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new UncheckedIOException("cannot write " + target, e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(temporary);
            throw e;
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Nothing more to do: recovery at the next start removes temporary files it finds.
        }
    }

    @FunctionalInterface
    interface FileWriter {
        void write(Path temporary) throws IOException;
    }
}
