package org.stackbox.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Test images made with the real tools: bootable ISOs with xorriso (and Debian's isolinux when installed), qcow2 with qemu-img. */
final class ImageFiles {
    private static final Path ISOLINUX = Path.of("/usr/lib/ISOLINUX/isolinux.bin");
    private static final Path ISOHYBRID_MBR = Path.of("/usr/lib/ISOLINUX/isohdpfx.bin");
    private static final Path LDLINUX = Path.of("/usr/lib/syslinux/modules/bios/ldlinux.c32");

    private ImageFiles() {}

    /**
     * A bootable ISO labelled {@code label}: with isolinux (an El Torito record and a hybrid MBR, like distribution
     * installers) when Debian's isolinux is installed, else with a small no-emulation boot image.
     */
    static Path bootableIso(Path directory, String label) throws Exception {
        Path content = Files.createDirectories(directory.resolve("iso-" + label));
        Files.writeString(content.resolve("README.txt"), "Stackbox test installer " + label + "\n");
        Files.write(content.resolve("filler.bin"), randomBytes(3 * 1024 * 1024, 7));
        Path iso = directory.resolve(label + ".iso");
        if (Files.exists(ISOLINUX) && Files.exists(LDLINUX) && Files.exists(ISOHYBRID_MBR)) {
            Path boot = Files.createDirectories(content.resolve("isolinux"));
            Files.copy(ISOLINUX, boot.resolve("isolinux.bin"));
            Files.copy(LDLINUX, boot.resolve("ldlinux.c32"));
            Files.writeString(boot.resolve("isolinux.cfg"), "default local\nlabel local\n  localboot 0x80\n");
            run("xorriso", "-as", "mkisofs", "-quiet", "-V", label, "-isohybrid-mbr", ISOHYBRID_MBR.toString(),
                    "-b", "isolinux/isolinux.bin", "-c", "isolinux/boot.cat", "-no-emul-boot", "-boot-load-size", "4",
                    "-boot-info-table", "-o", iso.toString(), content.toString());
        } else {
            Files.write(content.resolve("boot.img"), new byte[2048]);
            run("xorriso", "-as", "mkisofs", "-quiet", "-V", label, "-b", "boot.img", "-no-emul-boot",
                    "-o", iso.toString(), content.toString());
        }
        return iso;
    }

    static Path qcow2(Path directory, String name, String backingFile) throws Exception {
        Path image = directory.resolve(name + ".qcow2");
        if (backingFile == null) {
            run("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), "64M");
        } else {
            run("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", backingFile, image.toString());
        }
        return image;
    }

    static Path randomFile(Path directory, String name, int length) throws IOException {
        Path file = directory.resolve(name);
        Files.write(file, randomBytes(length, length));
        return file;
    }

    static String digest(String algorithm, Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance(algorithm);
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int count = in.read(buffer); count >= 0; count = in.read(buffer)) {
                digest.update(buffer, 0, count);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Regular files under {@code directory}, partial uploads included. */
    static List<Path> filesUnder(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + output);
        }
    }
}
