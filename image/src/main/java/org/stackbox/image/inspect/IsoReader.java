package org.stackbox.image.inspect;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * ISO 9660: walks the volume descriptor set from sector 16 to its terminator, records the volume label and whether
 * an El Torito boot record is present. Hybrid images that also carry an MBR or GPT for USB boot are ordinary isos.
 *
 * <p>The virtual size is the size of the data, not the volume space size of the primary descriptor: QEMU presents
 * the whole file as the CD-ROM medium (as {@code qemu-img info} reports), and hybrid images may pad past the volume.
 */
final class IsoReader implements FormatReader {
    static final String VOLUME_LABEL_PROPERTY = "iso_volume_label";
    static final String BOOTABLE_PROPERTY = "iso_bootable";

    private static final int SECTOR_SIZE = 2048;
    private static final long DESCRIPTOR_SET_OFFSET = 16L * SECTOR_SIZE;
    private static final String STANDARD_IDENTIFIER = "CD001";
    private static final int BOOT_RECORD = 0;
    private static final int PRIMARY_VOLUME_DESCRIPTOR = 1;
    private static final int TERMINATOR = 255;
    private static final String EL_TORITO_IDENTIFIER = "EL TORITO SPECIFICATION";
    private static final int VOLUME_LABEL_OFFSET = 40;
    private static final int VOLUME_LABEL_LENGTH = 32;
    /** The descriptors that fit in the prefix the inspector keeps. */
    private static final int MAX_DESCRIPTORS =
            (int) ((FormatInspector.PREFIX_LENGTH - DESCRIPTOR_SET_OFFSET) / SECTOR_SIZE);

    static boolean hasSignature(ImageData data) {
        return data.matches(DESCRIPTOR_SET_OFFSET + 1, STANDARD_IDENTIFIER);
    }

    @Override
    public long minimumSize() {
        return DESCRIPTOR_SET_OFFSET + SECTOR_SIZE;
    }

    @Override
    public ImageFacts read(ImageData data) throws RejectedImageException {
        String label = null;
        boolean bootable = false;
        for (int index = 0; index < MAX_DESCRIPTORS; index++) {
            long offset = DESCRIPTOR_SET_OFFSET + (long) index * SECTOR_SIZE;
            if (!data.has(offset, SECTOR_SIZE)) {
                throw new RejectedImageException("iso image ends inside its volume descriptor set");
            }
            if (!data.matches(offset + 1, STANDARD_IDENTIFIER)) {
                throw new RejectedImageException("iso image has a malformed volume descriptor in sector " + (16 + index));
            }
            int type = data.uint8(offset);
            if (type == TERMINATOR) {
                if (label == null) {
                    throw new RejectedImageException("iso image has no ISO 9660 primary volume descriptor");
                }
                return facts(data.size(), label, bootable);
            }
            if (type == PRIMARY_VOLUME_DESCRIPTOR && label == null) {
                if (data.uint8(offset + 6) != 1) {
                    throw new RejectedImageException("iso image has a primary volume descriptor of unknown version");
                }
                label = volumeLabel(data.bytes(offset + VOLUME_LABEL_OFFSET, VOLUME_LABEL_LENGTH));
            }
            bootable |= type == BOOT_RECORD && data.matches(offset + 7, EL_TORITO_IDENTIFIER);
        }
        throw new RejectedImageException(
                "iso image has no volume descriptor set terminator within " + MAX_DESCRIPTORS + " descriptors");
    }

    private static ImageFacts facts(long size, String label, boolean bootable) {
        Map<String, String> properties = new HashMap<>();
        if (!label.isEmpty()) {
            properties.put(VOLUME_LABEL_PROPERTY, label);
        }
        properties.put(BOOTABLE_PROPERTY, Boolean.toString(bootable));
        return new ImageFacts(OptionalLong.of(size), properties);
    }

    /** The label is padded with spaces (or NULs from some tools); anything unprintable becomes '?'. */
    private static String volumeLabel(byte[] field) {
        StringBuilder label = new StringBuilder();
        for (byte character : field) {
            label.append(character >= 0x20 && character < 0x7f ? (char) character : character == 0 ? ' ' : '?');
        }
        return label.toString().strip();
    }
}
