package org.stackbox.compute.metadata;

import org.stackbox.network.spi.ServerPort;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A kernel and an initramfs that the image service holds, booted over HTTP from Stackbox itself: the server's
 * metadata items {@link #KERNEL} (an {@code aki} image), {@link #INITRD} (an {@code ari} image) and, if wanted,
 * {@link #COMMAND_LINE} name them. The guest's iPXE is told (by QEMU's DHCP) to fetch {@link #SCRIPT_URL}, and the
 * metadata socket, which only this server's guest reaches, answers with an iPXE script and the two images' data; iPXE
 * speaks HTTP, which moves the files far faster than TFTP's one block per round trip.
 */
public final class NetbootFiles {
    public static final String KERNEL = "stackbox:netboot_kernel";
    public static final String INITRD = "stackbox:netboot_initrd";
    public static final String COMMAND_LINE = "stackbox:netboot_cmdline";
    static final String PREFIX = "/stackbox/netboot/";
    public static final String SCRIPT_URL = ServerPort.NETBOOT_SCRIPT_URL;

    private NetbootFiles() {}

    /** Whether the metadata asks for a network boot of images. */
    public static boolean wanted(Map<String, String> metadata) {
        return metadata.containsKey(KERNEL);
    }

    /** The answer under {@link #PREFIX} for a server with {@code metadata}; empty for anything else. */
    static Optional<InstanceMetadata.Answer> answer(Map<String, String> metadata, String path,
                                                    Function<String, Optional<Path>> imageFiles) {
        if (!path.startsWith(PREFIX) || !wanted(metadata) || !metadata.containsKey(INITRD)) {
            return Optional.empty();
        }
        return switch (path.substring(PREFIX.length())) {
            case "boot.ipxe" -> Optional.of(new InstanceMetadata.Answer(("#!ipxe\nkernel kernel "
                    + metadata.getOrDefault(COMMAND_LINE, "").replaceAll("[\\r\\n]", " ")
                    + "\ninitrd initrd\nboot\n").getBytes(StandardCharsets.UTF_8), "text/plain"));
            case "kernel" -> data(imageFiles.apply(metadata.get(KERNEL)));
            case "initrd" -> data(imageFiles.apply(metadata.get(INITRD)));
            default -> Optional.empty();
        };
    }

    private static Optional<InstanceMetadata.Answer> data(Optional<Path> file) {
        return file.filter(Files::isRegularFile)
                .map(path -> InstanceMetadata.Answer.ofFile(path, "application/octet-stream"));
    }
}
