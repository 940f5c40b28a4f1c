package org.stackbox.image.inspect;

/**
 * qcow2 (versions 2 and 3). Refuses what makes QEMU open other files: a backing file, an external data file (by
 * feature bit or header extension), and incompatible features it does not know.
 */
final class Qcow2Reader implements FormatReader {
    static final byte[] MAGIC = {'Q', 'F', 'I', (byte) 0xfb};

    private static final int VERSION_FIELD = 4;
    private static final int BACKING_FILE_OFFSET_FIELD = 8;
    private static final int CLUSTER_BITS_FIELD = 20;
    private static final int SIZE_FIELD = 24;
    private static final int INCOMPATIBLE_FEATURES_FIELD = 72;
    private static final int HEADER_LENGTH_FIELD = 100;
    private static final int VERSION_2_HEADER_LENGTH = 72;
    private static final int VERSION_3_MINIMUM_HEADER_LENGTH = 104;
    private static final int MINIMUM_CLUSTER_BITS = 9;
    private static final int MAXIMUM_CLUSTER_BITS = 21;
    private static final long EXTERNAL_DATA_FILE_FEATURE = 1L << 2;
    /** dirty, corrupt, external data file, compression type, extended L2 entries. */
    private static final long KNOWN_INCOMPATIBLE_FEATURES = 0b1_1111;
    private static final long END_OF_EXTENSIONS = 0;
    private static final long EXTERNAL_DATA_FILE_NAME_EXTENSION = 0x44415441L;

    @Override
    public long minimumSize() {
        return VERSION_2_HEADER_LENGTH;
    }

    @Override
    public ImageFacts read(ImageData data) throws RejectedImageException {
        long version = data.uint32BigEndian(VERSION_FIELD);
        if (version != 2 && version != 3) {
            throw new RejectedImageException("qcow2 image has version " + version + "; only 2 and 3 are supported");
        }
        if (data.uint64BigEndian(BACKING_FILE_OFFSET_FIELD) != 0) {
            throw new RejectedImageException("qcow2 image has a backing file, which is not allowed");
        }
        long clusterBits = data.uint32BigEndian(CLUSTER_BITS_FIELD);
        if (clusterBits < MINIMUM_CLUSTER_BITS || clusterBits > MAXIMUM_CLUSTER_BITS) {
            throw new RejectedImageException("qcow2 image has cluster_bits " + clusterBits + "; allowed are "
                    + MINIMUM_CLUSTER_BITS + " to " + MAXIMUM_CLUSTER_BITS);
        }
        long virtualSize = data.uint64BigEndian(SIZE_FIELD);
        if (virtualSize < 0) {
            throw new RejectedImageException("qcow2 image declares an impossible virtual size");
        }
        long clusterSize = 1L << clusterBits;
        long headerLength = version == 2 ? VERSION_2_HEADER_LENGTH : version3HeaderLength(data, clusterSize);
        checkExtensions(data, headerLength, clusterSize);
        return ImageFacts.ofVirtualSize(virtualSize);
    }

    private static long version3HeaderLength(ImageData data, long clusterSize) throws RejectedImageException {
        if (!data.has(0, VERSION_3_MINIMUM_HEADER_LENGTH)) {
            throw new RejectedImageException("Image data is too short to be a qcow2 version 3 image");
        }
        long incompatibleFeatures = data.uint64BigEndian(INCOMPATIBLE_FEATURES_FIELD);
        if ((incompatibleFeatures & EXTERNAL_DATA_FILE_FEATURE) != 0) {
            throw new RejectedImageException("qcow2 image uses an external data file, which is not allowed");
        }
        long unknownFeatures = incompatibleFeatures & ~KNOWN_INCOMPATIBLE_FEATURES;
        if (unknownFeatures != 0) {
            throw new RejectedImageException("qcow2 image has unknown incompatible features (0x"
                    + Long.toHexString(unknownFeatures) + "), which are not allowed");
        }
        long headerLength = data.uint32BigEndian(HEADER_LENGTH_FIELD);
        if (headerLength < VERSION_3_MINIMUM_HEADER_LENGTH || headerLength > clusterSize) {
            throw new RejectedImageException("qcow2 image has an invalid header length " + headerLength);
        }
        return headerLength;
    }

    /** Header extensions run from the end of the header to the end of the first cluster, each padded to 8 bytes. */
    private static void checkExtensions(ImageData data, long headerLength, long clusterSize)
            throws RejectedImageException {
        long offset = headerLength;
        while (offset != clusterSize) {
            if (offset > clusterSize - 8) {
                throw new RejectedImageException("qcow2 image header extensions run past the first cluster");
            }
            if (!data.has(offset, 8)) {
                throw new RejectedImageException("qcow2 image header extensions run past the inspected data");
            }
            long type = data.uint32BigEndian(offset);
            long length = data.uint32BigEndian(offset + 4);
            if (type == END_OF_EXTENSIONS) {
                return;
            }
            if (type == EXTERNAL_DATA_FILE_NAME_EXTENSION) {
                throw new RejectedImageException("qcow2 image names an external data file, which is not allowed");
            }
            long paddedLength = (length + 7) & ~7L;
            if (paddedLength > clusterSize - offset - 8) {
                throw new RejectedImageException("qcow2 image has a header extension that runs past the first cluster");
            }
            offset += 8 + paddedLength;
        }
    }
}
