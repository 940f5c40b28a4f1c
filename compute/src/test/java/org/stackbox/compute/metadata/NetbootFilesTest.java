package org.stackbox.compute.metadata;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** What a server that boots images from the network is served on its own metadata socket. */
class NetbootFilesTest {
    private static final String KERNEL = "0c8e5b1e-4a7f-4d59-9c1a-3f0b2e6d7a81";
    private static final String INITRD = "5d2f7a90-1b3c-4e8d-a6f5-c4b3a2918e07";

    @TempDir
    Path directory;

    @Test
    void theScriptBootsTheKernelAndInitramfsFromTheSamePlace() throws Exception {
        Path kernel = Files.write(directory.resolve("kernel"), new byte[] {1, 2, 3});
        Path initrd = Files.write(directory.resolve("initrd"), new byte[] {4, 5});
        Map<String, String> metadata = Map.of(NetbootFiles.KERNEL, KERNEL, NetbootFiles.INITRD, INITRD,
                NetbootFiles.COMMAND_LINE, "console=ttyS0\nshell");
        Function<String, Optional<Path>> files = id -> Optional.ofNullable(
                Map.of(KERNEL, kernel, INITRD, initrd).get(id));

        assertThat(NetbootFiles.answer(metadata, "/stackbox/netboot/boot.ipxe", files))
                .map(InstanceMetadata.Answer::text)
                .contains("#!ipxe\nkernel kernel console=ttyS0 shell\ninitrd initrd\nboot\n");
        assertThat(NetbootFiles.answer(metadata, "/stackbox/netboot/kernel", files))
                .map(InstanceMetadata.Answer::file).contains(kernel);
        assertThat(NetbootFiles.answer(metadata, "/stackbox/netboot/initrd", files))
                .map(InstanceMetadata.Answer::file).contains(initrd);
        assertThat(NetbootFiles.answer(metadata, "/stackbox/netboot/../kernel", files)).isEmpty();
        assertThat(NetbootFiles.answer(Map.of(), "/stackbox/netboot/kernel", files)).as("no netboot asked").isEmpty();
        assertThat(NetbootFiles.SCRIPT_URL).isEqualTo("http://169.254.169.254/stackbox/netboot/boot.ipxe");
    }
}
