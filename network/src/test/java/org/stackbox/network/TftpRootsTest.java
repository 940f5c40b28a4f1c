package org.stackbox.network;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbox.network.spi.NeutronException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A boot file stays inside its subnet's TFTP directory, whatever its name or the links in the directory. */
class TftpRootsTest {
    private static final String SUBNET = "5ebe2267-6b34-4c9e-a460-5113267099ce";
    private static final String OTHER_SUBNET = "75a0aad9-e70c-44e0-844b-2b68b70c93b0";

    @TempDir
    Path directory;

    @Test
    void aNameInsideTheDirectoryIsItsOwnEvenBeforeTheFileExists() throws Exception {
        TftpRoots roots = new TftpRoots(directory.resolve("tftp"));
        Path root = roots.of(SUBNET);
        Files.createDirectories(root.resolve("installer"));
        Files.writeString(root.resolve("installer/boot.ipxe"), "#!ipxe\n");

        assertThat(roots.resolved(SUBNET, "installer/boot.ipxe")).contains(root.toRealPath());
        assertThat(roots.resolved(SUBNET, "not-yet/there.ipxe")).contains(root.toRealPath());
        assertThat(root).isEqualTo(directory.resolve("tftp").resolve(SUBNET));
        assertThat(roots.of(OTHER_SUBNET)).isNotEqualTo(root);
    }

    @Test
    void namesThatLeaveTheDirectoryAreRefused() {
        TftpRoots roots = new TftpRoots(directory.resolve("tftp"));
        for (String name : List.of("../" + OTHER_SUBNET + "/boot.ipxe", "a/../../x", "/etc/passwd", "", ".",
                "./boot.ipxe", "a//b", "a/", "boot file", "a,b", "a\\b", "x".repeat(256))) {
            assertThat(roots.resolved(SUBNET, name)).as(name).isEmpty();
            assertThatThrownBy(() -> roots.requireInside(SUBNET, name)).as(name)
                    .isInstanceOf(NeutronException.class).hasMessageStartingWith("Invalid input for operation: ");
        }
    }

    @Test
    void anHttpUrlIsABootFileOfItsOwnWhenWellFormed() {
        assertThat(TftpRoots.isUrl("http://169.254.169.254/stackbox/netboot/boot.ipxe")).isTrue();
        TftpRoots.requireSafeName("http://169.254.169.254/stackbox/netboot/boot.ipxe");
        TftpRoots.requireSafeName("http://10.0.0.5:8080/boot?arch=x86");
        for (String url : List.of("http://a b/boot", "http://host/a,b", "http://", "http://host/" + "x".repeat(120),
                "http://host/\nboot")) {
            assertThatThrownBy(() -> TftpRoots.requireSafeName(url)).as(url)
                    .isInstanceOf(NeutronException.class).hasMessageContaining("must be an http:// URL");
        }
    }

    @Test
    void linksOutOfTheDirectoryAreRefused() throws Exception {
        TftpRoots roots = new TftpRoots(directory.resolve("tftp"));
        Path root = roots.of(SUBNET);
        Path outside = Files.writeString(directory.resolve("secret"), "not for guests");
        Files.createSymbolicLink(root.resolve("secret"), outside);
        Files.createSymbolicLink(root.resolve("elsewhere"), directory);
        Files.createSymbolicLink(root.resolve("dangling"), directory.resolve("nothing-yet"));
        Files.writeString(root.resolve("boot.ipxe"), "#!ipxe\n");
        Files.createSymbolicLink(root.resolve("default.ipxe"), root.resolve("boot.ipxe"));

        for (String name : List.of("secret", "elsewhere/secret",
                "dangling", "elsewhere/new")) {
            assertThat(roots.resolved(SUBNET, name)).as(name).isEmpty();
            assertThatThrownBy(() -> roots.requireInside(SUBNET, name)).as(name)
                    .hasMessageContaining("leads out of the subnet's TFTP directory");
        }
        assertThat(roots.resolved(SUBNET, "default.ipxe")).as("a link inside the directory").isPresent();
        assertThat(roots.resolved(SUBNET, "elsewhere/tftp/" + SUBNET + "/boot.ipxe")).as("a way out and back in")
                .isPresent();
    }
}
