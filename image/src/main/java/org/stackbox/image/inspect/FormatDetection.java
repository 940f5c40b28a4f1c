package org.stackbox.image.inspect;

import org.stackbox.image.spi.DiskFormat;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The format signatures the data carries.
 *
 * @param headerSignatures formats whose signature sits in the first bytes, where QEMU's probing looks (qcow2, vmdk,
 *     vhdx, vdi, and vhd's copy of its footer at offset 0)
 * @param vhdFooterAtEnd the last 512 bytes are a VHD footer (how a fixed VHD ends)
 * @param iso9660 an ISO 9660 volume descriptor sits at sector 16 of 2048 bytes
 */
record FormatDetection(Set<DiskFormat> headerSignatures, boolean vhdFooterAtEnd, boolean iso9660) {
    /** The order in which a signature decides what the data "is" when several are present. */
    private static final List<DiskFormat> HEADER_PRECEDENCE =
            List.of(DiskFormat.QCOW2, DiskFormat.VMDK, DiskFormat.VHDX, DiskFormat.VDI, DiskFormat.VHD);

    FormatDetection {
        headerSignatures = Set.copyOf(requireNonNull(headerSignatures, "headerSignatures is null"));
    }

    static FormatDetection detect(ImageData data) {
        Set<DiskFormat> signatures = EnumSet.noneOf(DiskFormat.class);
        if (data.matches(0, Qcow2Reader.MAGIC)) {
            signatures.add(DiskFormat.QCOW2);
        }
        if (VmdkReader.hasSignature(data)) {
            signatures.add(DiskFormat.VMDK);
        }
        if (data.matches(0, VhdxReader.FILE_SIGNATURE)) {
            signatures.add(DiskFormat.VHDX);
        }
        if (data.matches(VdiReader.MAGIC_OFFSET, VdiReader.MAGIC)) {
            signatures.add(DiskFormat.VDI);
        }
        if (data.matches(0, VhdReader.COOKIE)) {
            signatures.add(DiskFormat.VHD);
        }
        boolean footerAtEnd = data.size() >= VhdReader.FOOTER_SIZE
                && data.matches(data.size() - VhdReader.FOOTER_SIZE, VhdReader.COOKIE);
        return new FormatDetection(signatures, footerAtEnd, IsoReader.hasSignature(data));
    }

    /** The format the data is: the strongest header signature, else a VHD footer, else ISO 9660, else raw. */
    DiskFormat primary() {
        for (DiskFormat format : HEADER_PRECEDENCE) {
            if (headerSignatures.contains(format)) {
                return format;
            }
        }
        if (vhdFooterAtEnd) {
            return DiskFormat.VHD;
        }
        return iso9660 ? DiskFormat.ISO : DiskFormat.RAW;
    }

    /** Whether the data carries the signature of a format with its own metadata (anything but raw bytes or ISO 9660). */
    boolean hasContainerSignature() {
        return !headerSignatures.isEmpty() || vhdFooterAtEnd;
    }
}
