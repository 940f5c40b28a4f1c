package org.stackbox.image.inspect;

import org.stackbox.image.spi.DiskFormat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static java.util.Objects.requireNonNull;

/**
 * Checks uploaded image data against its declared {@code disk_format} while it streams to disk, without ever handing
 * it to QEMU (see CVE-2022-47951, CVE-2024-32498, CVE-2024-40767). Feed every chunk to {@link #update} in order, then
 * call {@link #finish} once.
 *
 * <p>Memory stays bounded whatever the upload: the first {@value #PREFIX_LENGTH} bytes (every header, the ISO 9660
 * volume descriptors, VHDX's region table), the last {@value #TAIL_LENGTH} bytes (a VHD footer), and at most
 * {@value #MAX_REGIONS} further regions of at most {@value #MAX_REGION_LENGTH} bytes that a reader asks for once a
 * header says where they are (VHDX metadata, a VMDK descriptor placed far in). Not thread-safe.
 */
public final class FormatInspector {
    static final int PREFIX_LENGTH = 1 << 20;
    static final int TAIL_LENGTH = 512;
    static final int MAX_REGIONS = 8;
    static final int MAX_REGION_LENGTH = 64 * 1024;
    private static final int READ_BUFFER_LENGTH = 64 * 1024;

    private final DiskFormat declared;
    private final FormatReader reader;
    private final CaptureRegion prefix = new CaptureRegion(new ByteRange(0, PREFIX_LENGTH));
    private final List<CaptureRegion> regions = new ArrayList<>();
    private final TailWindow tail = new TailWindow(TAIL_LENGTH);
    private long position;
    private boolean finished;

    private FormatInspector(DiskFormat declared, FormatReader reader) {
        this.declared = requireNonNull(declared, "declared is null");
        this.reader = requireNonNull(reader, "reader is null");
    }

    public static FormatInspector forDeclared(DiskFormat declared) {
        return new FormatInspector(declared, readerFor(declared));
    }

    /** Inspects a whole file. */
    public static InspectionResult inspect(DiskFormat declared, Path file) throws IOException {
        try (InputStream data = Files.newInputStream(file)) {
            return inspect(declared, data);
        }
    }

    /** Inspects a whole stream, reading it to the end; the caller closes it. */
    public static InspectionResult inspect(DiskFormat declared, InputStream data) throws IOException {
        FormatInspector inspector = forDeclared(declared);
        byte[] buffer = new byte[READ_BUFFER_LENGTH];
        long total = 0;
        for (int count = data.read(buffer); count >= 0; count = data.read(buffer)) {
            inspector.update(buffer, 0, count);
            total += count;
        }
        return inspector.finish(total);
    }

    /** Takes the next chunk of the upload. */
    public void update(byte[] buffer, int offset, int length) {
        requireNonNull(buffer, "buffer is null");
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (finished) {
            throw new IllegalStateException("the inspector has already finished");
        }
        long chunkOffset = position;
        boolean completed = prefix.capture(chunkOffset, buffer, offset, length);
        for (CaptureRegion region : regions) {
            completed |= region.capture(chunkOffset, buffer, offset, length);
        }
        tail.append(buffer, offset, length);
        position += length;
        if (completed) {
            keepRequestedRanges(chunkOffset, buffer, offset, length);
        }
    }

    /**
     * Concludes the inspection; {@code totalSize} is the number of bytes uploaded, which must be what was passed to
     * {@link #update}. Hostile or malformed data yields a rejected result, never an exception.
     */
    public InspectionResult finish(long totalSize) {
        if (finished) {
            throw new IllegalStateException("the inspector has already finished");
        }
        if (totalSize != position) {
            throw new IllegalArgumentException(
                    "totalSize %d differs from the %d bytes passed to update".formatted(totalSize, position));
        }
        finished = true;
        List<CapturedSpan> spans = keptSpans();
        spans.add(tail.span());
        return new DeclaredFormatCheck(declared, reader).inspect(new ImageData(position, spans));
    }

    private static FormatReader readerFor(DiskFormat declared) {
        return switch (requireNonNull(declared, "declared is null")) {
            case QCOW2 -> new Qcow2Reader();
            case VMDK -> new VmdkReader();
            case VHD -> new VhdReader();
            case VHDX -> new VhdxReader();
            case VDI -> new VdiReader();
            case ISO -> new IsoReader();
            case RAW, AMI, ARI, AKI, PLOOP -> new RawReader();
        };
    }

    /**
     * Asks the reader for ranges once the prefix is complete, and again whenever a kept range is. That is early
     * enough: only ranges that end past the prefix need keeping, and each is found through a structure that lies
     * before it (a VHDX item after its table). A new range may need bytes of this very chunk, and once kept may lead
     * the reader to a further range.
     */
    private void keepRequestedRanges(long chunkOffset, byte[] buffer, int offset, int length) {
        boolean added = true;
        while (added) {
            added = false;
            for (ByteRange range : rangesToKeep()) {
                if (regions.size() < MAX_REGIONS && range.length() <= MAX_REGION_LENGTH && needsRegion(range)) {
                    CaptureRegion region = new CaptureRegion(range);
                    CapturedSpan kept = prefix.span();
                    region.capture(0, kept.bytes(), 0, kept.length());
                    region.capture(chunkOffset, buffer, offset, length);
                    regions.add(region);
                    added = true;
                }
            }
        }
    }

    private List<ByteRange> rangesToKeep() {
        try {
            return reader.rangesToKeep(new ImageData(position, keptSpans()));
        } catch (RuntimeException unreadable) {
            // The reader refuses such data when the upload finishes; there is nothing more worth keeping.
            return List.of();
        }
    }

    private boolean needsRegion(ByteRange range) {
        if (range.end() <= PREFIX_LENGTH) {
            return false;
        }
        return regions.stream().noneMatch(region -> region.range().equals(range));
    }

    private List<CapturedSpan> keptSpans() {
        List<CapturedSpan> spans = new ArrayList<>();
        spans.add(prefix.span());
        regions.forEach(region -> spans.add(region.span()));
        return spans;
    }
}
