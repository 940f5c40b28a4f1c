package org.stackbox.image.inspect;

/**
 * Minimal but well-formed images of every format, built from the specifications; tests then break one field.
 * Offsets are named after the specification's fields.
 */
final class CraftedImages {
    static final long KIB = 1024;
    static final long MIB = 1024 * KIB;
    static final long GIB = 1024 * MIB;

    static final int QCOW2_BACKING_FILE_OFFSET = 8;
    static final int QCOW2_CLUSTER_BITS = 20;
    static final int QCOW2_VERSION = 4;
    static final int QCOW2_SIZE = 24;
    static final int QCOW2_SNAPSHOTS_OFFSET = 64;
    static final int QCOW2_INCOMPATIBLE_FEATURES = 72;
    static final int QCOW2_HEADER_LENGTH = 100;
    static final int QCOW2_VERSION_3_EXTENSIONS = 104;

    static final int VMDK_VERSION = 4;
    static final int VMDK_CAPACITY = 12;
    static final int VMDK_DESCRIPTOR_OFFSET = 28;
    static final int VMDK_DESCRIPTOR_SIZE = 36;
    static final int VMDK_GRAIN_DIRECTORY_OFFSET = 56;
    static final long VMDK_SECTORS = 2 * MIB;

    static final int VHD_DISK_TYPE = 60;

    static final int VHDX_METADATA_ITEMS = 64 * 1024;
    static final String VHDX_METADATA_REGION = "8B7CA206-4790-4B9A-B8FE-575F050F886E";
    static final String VHDX_BLOCK_ALLOCATION_TABLE = "2DC27766-F623-4200-9D64-115E9BFD4A08";
    static final String VHDX_VIRTUAL_DISK_SIZE = "2FA54224-CD1B-4876-B211-5DBED83BF4B8";
    static final String VHDX_FILE_PARAMETERS = "CAA16737-FA36-4D43-B3B6-33F0AA44E76B";
    static final String VHDX_PARENT_LOCATOR = "A8D35F2D-B30B-454D-ABF7-D3D84834AB0C";
    static final int VHDX_REGION_TABLE = 192 * 1024;

    static final int VDI_VERSION = 68;
    static final int VDI_IMAGE_TYPE = 76;

    static final int ISO_SECTOR = 2048;
    static final int ISO_DESCRIPTORS = 16 * ISO_SECTOR;

    private CraftedImages() {}

    /** Plain bytes that carry no signature. */
    static ImageBuilder rawBytes(int length) {
        ImageBuilder image = ImageBuilder.ofLength(length);
        for (int offset = 0; offset < length; offset++) {
            image.uint8(offset, offset * 31 + 7);
        }
        return image;
    }

    /** qcow2 with 64 KiB clusters, no backing file and no header extensions. */
    static ImageBuilder qcow2(int version, long virtualSize) {
        ImageBuilder image = ImageBuilder.ofLength(4096)
                .bytes(0, new byte[] {'Q', 'F', 'I', (byte) 0xfb})
                .uint32BigEndian(QCOW2_VERSION, version)
                .uint32BigEndian(QCOW2_CLUSTER_BITS, 16)
                .uint64BigEndian(QCOW2_SIZE, virtualSize)
                .uint32BigEndian(36, 16)
                .uint64BigEndian(40, 3 * 65536)
                .uint64BigEndian(48, 65536)
                .uint32BigEndian(56, 1);
        if (version >= 3) {
            image.uint32BigEndian(96, 4).uint32BigEndian(QCOW2_HEADER_LENGTH, 104);
        }
        return image;
    }

    /** Writes a header extension (type, length, payload padded to 8 bytes); returns the offset after it. */
    static long qcow2Extension(ImageBuilder image, long offset, long type, String payload) {
        image.uint32BigEndian(offset, type).uint32BigEndian(offset + 4, payload.length()).ascii(offset + 8, payload);
        return offset + 8 + ((payload.length() + 7) & ~7);
    }

    /** The descriptor qemu-img writes for a monolithic sparse file of {@link #VMDK_SECTORS} sectors. */
    static String vmdkDescriptor(String createType, String... extentLines) {
        return "# Disk DescriptorFile\nversion=1\nCID=3acc1346\nparentCID=ffffffff\ncreateType=\"" + createType
                + "\"\n\n# Extent description\n" + String.join("\n", extentLines)
                + "\n\n# The Disk Data Base\n#DDB\n\nddb.virtualHWVersion = \"4\"\nddb.adapterType = \"ide\"\n";
    }

    static String selfExtent() {
        return "RW " + VMDK_SECTORS + " SPARSE \"disk.vmdk\"";
    }

    /** A sparse extent file whose embedded descriptor sits at {@code descriptorSector}, 20 sectors long. */
    static ImageBuilder vmdk(String descriptor, long descriptorSector) {
        int length = Math.toIntExact(Math.max(64 * KIB, (descriptorSector + 20) * 512 + 4096));
        return ImageBuilder.ofLength(length)
                .ascii(0, "KDMV")
                .uint32LittleEndian(VMDK_VERSION, 1)
                .uint32LittleEndian(8, 3)
                .uint64LittleEndian(VMDK_CAPACITY, VMDK_SECTORS)
                .uint64LittleEndian(20, 128)
                .uint64LittleEndian(VMDK_DESCRIPTOR_OFFSET, descriptorSector)
                .uint64LittleEndian(VMDK_DESCRIPTOR_SIZE, 20)
                .uint32LittleEndian(44, 512)
                .uint64LittleEndian(48, 21)
                .uint64LittleEndian(VMDK_GRAIN_DIRECTORY_OFFSET, 50)
                .uint64LittleEndian(64, 128)
                .ascii(73, "\n \r\n")
                .ascii(descriptorSector * 512, descriptor);
    }

    static ImageBuilder monolithicSparseVmdk() {
        return vmdk(vmdkDescriptor("monolithicSparse", selfExtent()), 1);
    }

    /** A VHD footer: cookie, version, disk type and current size (the checksum is not checked). */
    static ImageBuilder vhdFooter(ImageBuilder image, long offset, int diskType, long currentSize) {
        return image.ascii(offset, "conectix")
                .uint32BigEndian(offset + 8, 2)
                .uint32BigEndian(offset + 12, 0x00010000)
                .uint64BigEndian(offset + 16, diskType == 2 ? -1L : 512)
                .ascii(offset + 28, "qemu")
                .uint64BigEndian(offset + 40, currentSize)
                .uint64BigEndian(offset + 48, currentSize)
                .uint32BigEndian(offset + VHD_DISK_TYPE, diskType);
    }

    static ImageBuilder fixedVhd(int dataLength) {
        ImageBuilder image = rawBytes(dataLength + 512);
        return vhdFooter(image, dataLength, 2, dataLength);
    }

    /** A dynamic VHD: footer copy, dynamic header ("cxsparse"), an empty block table, the footer. */
    static ImageBuilder dynamicVhd(long virtualSize) {
        ImageBuilder image = ImageBuilder.ofLength(4608);
        vhdFooter(image, 0, 3, virtualSize);
        image.ascii(512, "cxsparse").uint64BigEndian(520, -1L).uint64BigEndian(528, 1536);
        return vhdFooter(image, 4096, 3, virtualSize);
    }

    /**
     * A VHDX with its metadata region at {@code metadataOffset} (1 MiB long): file identifier, both headers, the
     * region table, and metadata items for the file parameters and the virtual disk size.
     */
    static ImageBuilder vhdx(long virtualSize, long metadataOffset) {
        ImageBuilder image = ImageBuilder.ofLength(Math.toIntExact(metadataOffset + MIB))
                .ascii(0, "vhdxfile")
                .ascii(64 * KIB, "head").uint64LittleEndian(64 * KIB + 8, 1)
                .ascii(128 * KIB, "head").uint64LittleEndian(128 * KIB + 8, 2)
                .ascii(VHDX_REGION_TABLE, "regi").uint32LittleEndian(VHDX_REGION_TABLE + 8, 2);
        vhdxRegionEntry(image, 0, VHDX_BLOCK_ALLOCATION_TABLE, 2 * MIB);
        vhdxRegionEntry(image, 1, VHDX_METADATA_REGION, metadataOffset);
        image.ascii(metadataOffset, "metadata").uint16LittleEndian(metadataOffset + 10, 2);
        vhdxMetadataEntry(image, metadataOffset, 0, VHDX_FILE_PARAMETERS, VHDX_METADATA_ITEMS);
        vhdxMetadataEntry(image, metadataOffset, 1, VHDX_VIRTUAL_DISK_SIZE, VHDX_METADATA_ITEMS + 8);
        image.uint32LittleEndian(metadataOffset + VHDX_METADATA_ITEMS, 32 * MIB);
        return image.uint64LittleEndian(metadataOffset + VHDX_METADATA_ITEMS + 8, virtualSize);
    }

    /** A region table entry: GUID, 64-bit file offset, 32-bit length (1 MiB), "required". */
    static ImageBuilder vhdxRegionEntry(ImageBuilder image, int index, String guid, long offset) {
        long entry = VHDX_REGION_TABLE + 16 + 32L * index;
        return image.guid(entry, guid).uint64LittleEndian(entry + 16, offset).uint32LittleEndian(entry + 24, MIB)
                .uint32LittleEndian(entry + 28, 1);
    }

    /** A metadata table entry: GUID, 32-bit offset into the region, 8 bytes long, "required". */
    static ImageBuilder vhdxMetadataEntry(ImageBuilder image, long metadataOffset, int index, String guid,
            long itemOffset) {
        long entry = metadataOffset + 32 + 32L * index;
        return image.guid(entry, guid).uint32LittleEndian(entry + 16, itemOffset).uint32LittleEndian(entry + 20, 8)
                .uint32LittleEndian(entry + 24, 4);
    }

    /** A VDI 1.1 header as qemu-img writes it, followed by an empty block map. */
    static ImageBuilder vdi(int imageType, long diskSize) {
        return ImageBuilder.ofLength(4608)
                .ascii(0, "<<< QEMU VM Virtual Disk Image >>>\n")
                .uint32LittleEndian(64, 0xbeda107fL)
                .uint32LittleEndian(VDI_VERSION, 0x00010001)
                .uint32LittleEndian(72, 0x180)
                .uint32LittleEndian(VDI_IMAGE_TYPE, imageType)
                .uint32LittleEndian(340, 512)
                .uint32LittleEndian(344, 4096)
                .uint32LittleEndian(360, 512)
                .uint64LittleEndian(368, diskSize)
                .uint32LittleEndian(376, MIB);
    }

    /**
     * An ISO 9660 image: primary volume descriptor with {@code label}, an El Torito boot record if asked for, the
     * terminator, then one sector of data.
     */
    static ImageBuilder iso(String label, boolean elTorito) {
        int descriptors = elTorito ? 3 : 2;
        int sectors = 16 + descriptors + 1;
        ImageBuilder image = ImageBuilder.ofLength(sectors * ISO_SECTOR);
        long primary = ISO_DESCRIPTORS;
        isoDescriptor(image, primary, 1)
                .ascii(primary + 8, " ".repeat(32))
                .ascii(primary + 40, (label + " ".repeat(32)).substring(0, 32))
                .uint32LittleEndian(primary + 80, sectors)
                .uint32BigEndian(primary + 84, sectors)
                .uint16LittleEndian(primary + 128, ISO_SECTOR)
                .uint8(primary + 130, ISO_SECTOR >> 8);
        if (elTorito) {
            isoDescriptor(image, primary + ISO_SECTOR, 0).ascii(primary + ISO_SECTOR + 7, "EL TORITO SPECIFICATION");
        }
        return isoDescriptor(image, primary + (long) (descriptors - 1) * ISO_SECTOR, 255);
    }

    static ImageBuilder isoDescriptor(ImageBuilder image, long offset, int type) {
        return image.uint8(offset, type).ascii(offset + 1, "CD001").uint8(offset + 6, 1);
    }

    /** Adds what isohybrid and xorriso add for USB boot: an MBR boot signature and a GPT header. */
    static ImageBuilder hybrid(ImageBuilder iso) {
        return iso.uint8(510, 0x55).uint8(511, 0xaa).ascii(512, "EFI PART");
    }
}
