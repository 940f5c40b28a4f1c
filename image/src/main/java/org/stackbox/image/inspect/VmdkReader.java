package org.stackbox.image.inspect;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * VMDK, only as a single self-contained sparse file (monolithicSparse or streamOptimized). A text descriptor file,
 * or a sparse file whose header makes QEMU treat its embedded descriptor as one, can make QEMU open arbitrary host
 * files as extents (CVE-2022-47951): refused. So is a parent disk, and a header kept in a footer (which a streaming
 * reader cannot verify).
 */
final class VmdkReader implements FormatReader {
    static final String SPARSE_MAGIC = "KDMV";
    static final String LEGACY_SPARSE_MAGIC = "COWD";

    private static final int VERSION_FIELD = 4;
    private static final int CAPACITY_FIELD = 12;
    private static final int DESCRIPTOR_OFFSET_FIELD = 28;
    private static final int DESCRIPTOR_SIZE_FIELD = 36;
    private static final int GRAIN_DIRECTORY_OFFSET_FIELD = 56;
    private static final int SECTOR_SIZE = 512;
    private static final int HEADER_SIZE = SECTOR_SIZE;
    private static final long GRAIN_DIRECTORY_AT_END = -1L;
    private static final long MAX_DESCRIPTOR_SECTORS = FormatInspector.MAX_REGION_LENGTH / SECTOR_SIZE;
    /** QEMU looks for a parent hint in the 20 sectors after the header, whatever the header says. */
    private static final int PARENT_HINT_AREA_OFFSET = SECTOR_SIZE;
    private static final int PARENT_HINT_AREA_LENGTH = 20 * SECTOR_SIZE;
    /** QEMU probes the first 2048 bytes for a text descriptor. */
    private static final int PROBE_LENGTH = 2048;

    static boolean hasSignature(ImageData data) {
        return data.matches(0, SPARSE_MAGIC) || data.matches(0, LEGACY_SPARSE_MAGIC) || isDescriptorFile(data);
    }

    /** Enough for a signature: a descriptor file may well be shorter than the sparse header's sector. */
    @Override
    public long minimumSize() {
        return SPARSE_MAGIC.length();
    }

    @Override
    public List<ByteRange> rangesToKeep(ImageData data) {
        if (!data.has(0, HEADER_SIZE) || !data.matches(0, SPARSE_MAGIC)) {
            return List.of();
        }
        return descriptorRange(data).stream().toList();
    }

    @Override
    public ImageFacts read(ImageData data) throws RejectedImageException {
        if (data.matches(0, LEGACY_SPARSE_MAGIC)) {
            throw new RejectedImageException("vmdk image is a legacy COWD sparse extent, which is not supported");
        }
        if (!data.matches(0, SPARSE_MAGIC)) {
            throw new RejectedImageException(
                    "vmdk image is a descriptor file that refers to other files; multi-file vmdk is not allowed");
        }
        if (data.size() < HEADER_SIZE) {
            throw new RejectedImageException("Image data is too short to be a vmdk image");
        }
        long version = data.uint32LittleEndian(VERSION_FIELD);
        if (version < 1 || version > 3) {
            throw new RejectedImageException("vmdk image has version " + version + "; only 1 to 3 are supported");
        }
        long capacitySectors = data.uint64LittleEndian(CAPACITY_FIELD);
        if (capacitySectors == 0) {
            // QEMU then reads the embedded descriptor as a descriptor file, extents and all.
            throw new RejectedImageException("vmdk image has no capacity, which is not allowed");
        }
        if (capacitySectors < 0 || capacitySectors > Long.MAX_VALUE / SECTOR_SIZE) {
            throw new RejectedImageException("vmdk image declares an impossible capacity");
        }
        if (data.uint64LittleEndian(GRAIN_DIRECTORY_OFFSET_FIELD) == GRAIN_DIRECTORY_AT_END) {
            throw new RejectedImageException("vmdk image keeps its header in a footer at the end of the file, "
                    + "which cannot be verified while streaming");
        }
        ByteRange range = descriptorRange(data).orElseThrow(() -> new RejectedImageException(
                "vmdk image has no embedded descriptor, or one larger than 64 KiB"));
        if (!data.has(range.offset(), range.length())) {
            throw new RejectedImageException("vmdk image ends before its embedded descriptor");
        }
        VmdkDescriptor.parse(data.bytes(range.offset(), range.length())).requireSingleSparseExtent(capacitySectors);
        if (namesParentNearHeader(data)) {
            throw new RejectedImageException("vmdk image names a parent disk, which is not allowed");
        }
        return ImageFacts.ofVirtualSize(capacitySectors * SECTOR_SIZE);
    }

    private static Optional<ByteRange> descriptorRange(ImageData data) {
        long sector = data.uint64LittleEndian(DESCRIPTOR_OFFSET_FIELD);
        long sectors = data.uint64LittleEndian(DESCRIPTOR_SIZE_FIELD);
        if (sector <= 0 || sectors <= 0 || sectors > MAX_DESCRIPTOR_SECTORS
                || sector > (Long.MAX_VALUE - FormatInspector.MAX_REGION_LENGTH) / SECTOR_SIZE) {
            return Optional.empty();
        }
        return Optional.of(new ByteRange(sector * SECTOR_SIZE, (int) sectors * SECTOR_SIZE));
    }

    private static boolean namesParentNearHeader(ImageData data) {
        int length = (int) Math.min(PARENT_HINT_AREA_LENGTH, data.size() - PARENT_HINT_AREA_OFFSET);
        String area = new String(data.bytes(PARENT_HINT_AREA_OFFSET, length), StandardCharsets.ISO_8859_1);
        return area.toLowerCase(Locale.ROOT).contains(VmdkDescriptor.PARENT_HINT_KEY.toLowerCase(Locale.ROOT));
    }

    /**
     * Whether the data is a text descriptor as QEMU's probe sees one: comment and blank lines, then a
     * {@code version=} line. Slightly broader than QEMU (any blank line, any version), which errs on refusing.
     */
    private static boolean isDescriptorFile(ImageData data) {
        int length = (int) Math.min(data.size(), PROBE_LENGTH);
        if (!data.has(0, length)) {
            return false;
        }
        String start = new String(data.bytes(0, length), StandardCharsets.ISO_8859_1);
        for (String line : start.split("\n", -1)) {
            String content = line.strip();
            if (!content.isEmpty() && !content.startsWith("#")) {
                return content.startsWith("version=");
            }
        }
        return false;
    }
}
