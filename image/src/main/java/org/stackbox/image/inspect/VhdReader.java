package org.stackbox.image.inspect;

/**
 * VHD (QEMU's "vpc"). Every VHD ends with a 512-byte footer; dynamic disks keep a copy at offset 0. Like QEMU, the
 * copy at the start is preferred, and a footer found only at the end must describe a fixed disk. Differencing disks
 * name a parent file and are refused.
 */
final class VhdReader implements FormatReader {
    static final String COOKIE = "conectix";
    static final int FOOTER_SIZE = 512;

    private static final int CURRENT_SIZE_FIELD = 48;
    private static final int DISK_TYPE_FIELD = 60;
    private static final long FIXED_DISK = 2;
    private static final long DYNAMIC_DISK = 3;
    private static final long DIFFERENCING_DISK = 4;

    @Override
    public long minimumSize() {
        return FOOTER_SIZE;
    }

    @Override
    public ImageFacts read(ImageData data) throws RejectedImageException {
        boolean copyAtStart = data.matches(0, COOKIE);
        long footer = copyAtStart ? 0 : data.size() - FOOTER_SIZE;
        long diskType = data.uint32BigEndian(footer + DISK_TYPE_FIELD);
        if (diskType == DIFFERENCING_DISK) {
            throw new RejectedImageException("vhd image is a differencing disk with a parent, which is not allowed");
        }
        if (diskType != FIXED_DISK && diskType != DYNAMIC_DISK) {
            throw new RejectedImageException("vhd image has unknown disk type " + diskType);
        }
        if (!copyAtStart && diskType != FIXED_DISK) {
            throw new RejectedImageException("vhd image is a dynamic disk without the copy of its footer at the start");
        }
        long currentSize = data.uint64BigEndian(footer + CURRENT_SIZE_FIELD);
        if (currentSize < 0) {
            throw new RejectedImageException("vhd image declares an impossible virtual size");
        }
        return ImageFacts.ofVirtualSize(currentSize);
    }
}
