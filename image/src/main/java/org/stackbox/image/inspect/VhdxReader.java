package org.stackbox.image.inspect;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * VHDX (MS-VHDX). The virtual size lives in the metadata region, which the region table at 192 KiB locates, usually
 * megabytes into the file: the reader asks the inspector to keep the metadata table, then the items it needs.
 * Differencing disks (a parent locator, or the HasParent flag) are refused. If the metadata could not be kept, the
 * image is accepted without a virtual size.
 */
final class VhdxReader implements FormatReader {
    static final String FILE_SIGNATURE = "vhdxfile";

    private static final long MEBIBYTE = 1 << 20;
    /** File identifier, two headers and two region tables fill the first megabyte. */
    private static final long HEADER_SECTION_SIZE = MEBIBYTE;
    private static final long[] HEADER_OFFSETS = {64 * 1024, 128 * 1024};
    private static final long REGION_TABLE_OFFSET = 192 * 1024;
    private static final int TABLE_ENTRY_SIZE = 32;
    private static final int MAX_TABLE_ENTRIES = 2047;
    private static final int METADATA_TABLE_LENGTH = 64 * 1024;
    private static final int ITEM_VALUE_LENGTH = 8;
    private static final long HAS_PARENT_FLAG = 1L << 1;
    private static final byte[] METADATA_REGION = guid("8B7CA206-4790-4B9A-B8FE-575F050F886E");
    private static final byte[] VIRTUAL_DISK_SIZE = guid("2FA54224-CD1B-4876-B211-5DBED83BF4B8");
    private static final byte[] FILE_PARAMETERS = guid("CAA16737-FA36-4D43-B3B6-33F0AA44E76B");
    private static final byte[] PARENT_LOCATOR = guid("A8D35F2D-B30B-454D-ABF7-D3D84834AB0C");

    /** Where a region lies in the file, or an item lies in the metadata region. */
    private record Extent(long offset, long length) {}

    @Override
    public long minimumSize() {
        return HEADER_SECTION_SIZE;
    }

    @Override
    public List<ByteRange> rangesToKeep(ImageData data) {
        List<ByteRange> ranges = new ArrayList<>();
        metadataRegion(data).filter(VhdxReader::wellPlaced).ifPresent(metadata -> {
            ranges.add(new ByteRange(metadata.offset(), METADATA_TABLE_LENGTH));
            for (byte[] guid : List.of(VIRTUAL_DISK_SIZE, FILE_PARAMETERS)) {
                item(data, metadata, guid).filter(item -> within(item, metadata)).ifPresent(
                        item -> ranges.add(new ByteRange(metadata.offset() + item.offset(), ITEM_VALUE_LENGTH)));
            }
        });
        return ranges;
    }

    @Override
    public ImageFacts read(ImageData data) throws RejectedImageException {
        boolean hasHeader = false;
        for (long offset : HEADER_OFFSETS) {
            hasHeader |= data.matches(offset, "head");
        }
        if (!hasHeader) {
            throw new RejectedImageException("vhdx image has no header");
        }
        Extent metadata = metadataRegion(data).orElseThrow(
                () -> new RejectedImageException("vhdx image has no region table locating its metadata"));
        if (!wellPlaced(metadata)) {
            throw new RejectedImageException("vhdx image has a misplaced metadata region");
        }
        if (metadata.offset() > data.size() - METADATA_TABLE_LENGTH) {
            throw new RejectedImageException("vhdx image ends before its metadata region");
        }
        if (!data.has(metadata.offset(), METADATA_TABLE_LENGTH)) {
            return new ImageFacts(OptionalLong.empty(), Map.of());
        }
        if (!data.matches(metadata.offset(), "metadata")) {
            throw new RejectedImageException("vhdx image has no metadata table");
        }
        if (item(data, metadata, PARENT_LOCATOR).isPresent()) {
            throw new RejectedImageException("vhdx image is a differencing disk with a parent, which is not allowed");
        }
        Optional<Long> parameters = value(data, metadata, FILE_PARAMETERS);
        if (parameters.isPresent() && (parameters.get() >>> 32 & HAS_PARENT_FLAG) != 0) {
            throw new RejectedImageException("vhdx image is a differencing disk with a parent, which is not allowed");
        }
        if (item(data, metadata, VIRTUAL_DISK_SIZE).isEmpty()) {
            throw new RejectedImageException("vhdx image has no virtual disk size in its metadata");
        }
        Optional<Long> virtualSize = value(data, metadata, VIRTUAL_DISK_SIZE);
        if (virtualSize.isPresent() && virtualSize.get() < 0) {
            throw new RejectedImageException("vhdx image declares an impossible virtual size");
        }
        return new ImageFacts(virtualSize.map(OptionalLong::of).orElse(OptionalLong.empty()), Map.of());
    }

    /** The region table: "regi", checksum, a 32-bit entry count, then entries of GUID, offset, length, flags. */
    private static Optional<Extent> metadataRegion(ImageData data) {
        if (!data.has(REGION_TABLE_OFFSET, 16) || !data.matches(REGION_TABLE_OFFSET, "regi")) {
            return Optional.empty();
        }
        long count = data.uint32LittleEndian(REGION_TABLE_OFFSET + 8);
        return entry(data, REGION_TABLE_OFFSET + 16, count, METADATA_REGION).map(entry -> new Extent(
                data.uint64LittleEndian(entry + 16), data.uint32LittleEndian(entry + 24)));
    }

    /** The metadata table: "metadata", a 16-bit entry count at 10, entries of GUID, offset, length, flags from 32. */
    private static Optional<Extent> item(ImageData data, Extent metadata, byte[] guid) {
        if (!data.has(metadata.offset(), 32) || !data.matches(metadata.offset(), "metadata")) {
            return Optional.empty();
        }
        long count = data.uint16LittleEndian(metadata.offset() + 10);
        return entry(data, metadata.offset() + 32, count, guid).map(entry -> new Extent(
                data.uint32LittleEndian(entry + 16), data.uint32LittleEndian(entry + 20)));
    }

    /** The offset of the table entry that starts with {@code guid}, if the table is well formed and kept. */
    private static Optional<Long> entry(ImageData data, long firstEntry, long count, byte[] guid) {
        if (count > MAX_TABLE_ENTRIES) {
            return Optional.empty();
        }
        for (int index = 0; index < count; index++) {
            long entry = firstEntry + (long) index * TABLE_ENTRY_SIZE;
            if (!data.has(entry, TABLE_ENTRY_SIZE)) {
                return Optional.empty();
            }
            if (data.matches(entry, guid)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    /** The 8-byte value of a metadata item, if the item is well formed and its bytes were kept. */
    private static Optional<Long> value(ImageData data, Extent metadata, byte[] guid) throws RejectedImageException {
        Optional<Extent> item = item(data, metadata, guid);
        if (item.isEmpty()) {
            return Optional.empty();
        }
        if (!within(item.get(), metadata)) {
            throw new RejectedImageException("vhdx image has a malformed metadata item");
        }
        long offset = metadata.offset() + item.get().offset();
        return data.has(offset, ITEM_VALUE_LENGTH) ? Optional.of(data.uint64LittleEndian(offset)) : Optional.empty();
    }

    private static boolean wellPlaced(Extent metadata) {
        return metadata.offset() >= HEADER_SECTION_SIZE && metadata.length() >= METADATA_TABLE_LENGTH
                && metadata.offset() <= Long.MAX_VALUE - metadata.length();
    }

    /** An item holds at least 8 bytes, after the table and inside the region. */
    private static boolean within(Extent item, Extent metadata) {
        return item.length() >= ITEM_VALUE_LENGTH && item.offset() >= METADATA_TABLE_LENGTH
                && item.offset() <= metadata.length() - item.length();
    }

    /** A GUID as MS-VHDX stores it: the first three fields little-endian, the last eight bytes as written. */
    private static byte[] guid(String text) {
        UUID uuid = UUID.fromString(text);
        long high = uuid.getMostSignificantBits();
        ByteBuffer bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putInt((int) (high >>> 32)).putShort((short) (high >>> 16)).putShort((short) high);
        return bytes.order(ByteOrder.BIG_ENDIAN).putLong(uuid.getLeastSignificantBits()).array();
    }
}
