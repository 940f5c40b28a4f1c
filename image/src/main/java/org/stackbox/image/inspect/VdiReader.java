package org.stackbox.image.inspect;

/** VirtualBox VDI, header version 1.1 (the only one QEMU opens); static or dynamic images, no differencing ones. */
final class VdiReader implements FormatReader {
    static final long MAGIC_OFFSET = 64;
    /** 0xbeda107f, stored little-endian. */
    static final byte[] MAGIC = {0x7f, 0x10, (byte) 0xda, (byte) 0xbe};

    private static final String TEXT_SIGNATURE = "<<< ";
    private static final int HEADER_SIZE = 512;
    private static final int VERSION_FIELD = 68;
    private static final int IMAGE_TYPE_FIELD = 76;
    private static final long VERSION_1_1 = 0x0001_0001L;
    private static final long DYNAMIC_IMAGE = 1;
    private static final long STATIC_IMAGE = 2;
    private static final int DISK_SIZE_FIELD = 368;

    @Override
    public long minimumSize() {
        return HEADER_SIZE;
    }

    @Override
    public ImageFacts read(ImageData data) throws RejectedImageException {
        if (!data.matches(0, TEXT_SIGNATURE)) {
            throw new RejectedImageException("vdi image lacks the \"<<< \" text signature");
        }
        long version = data.uint32LittleEndian(VERSION_FIELD);
        if (version != VERSION_1_1) {
            throw new RejectedImageException("vdi image has header version %d.%d; only 1.1 is supported"
                    .formatted(version >>> 16, version & 0xffff));
        }
        long imageType = data.uint32LittleEndian(IMAGE_TYPE_FIELD);
        if (imageType != DYNAMIC_IMAGE && imageType != STATIC_IMAGE) {
            throw new RejectedImageException("vdi image has type " + imageType
                    + "; only dynamic and static images are allowed, not undo or differencing ones");
        }
        long diskSize = data.uint64LittleEndian(DISK_SIZE_FIELD);
        if (diskSize < 0) {
            throw new RejectedImageException("vdi image declares an impossible virtual size");
        }
        return ImageFacts.ofVirtualSize(diskSize);
    }
}
