package org.stackbox.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Small Linux guests for end-to-end tests: Debian's cloud kernel and a busybox initramfs whose {@code /init} is a
 * script the test passes, on an ISO that isolinux boots (Nova cannot hand QEMU a kernel and initrd, so the guest boots
 * from its image like any other), console on the first serial port. They boot under TCG in seconds.
 * <p>The Debian packages {@code linux-image-cloud-amd64} and {@code busybox-static} are fetched once with
 * {@code apt-get download} into the cache's {@code debs} directory (as {@code scripts/setup --test} does) and unpacked
 * there once with {@code dpkg-deb -x}, never installed on this machine. Each ISO is built once and kept in the cache
 * by a hash of everything in it. The cache is {@code $STACKBOX_TEST_CACHE}, or else
 * {@code ~/.cache/stackbox/test-guests} (under {@code $XDG_CACHE_HOME} when that is set).
 * <p>{@link #init(String)} gives a script the usual start: busybox's applets, {@code /proc}, {@code /sys},
 * {@code /dev}, the drivers for the devices Stackbox gives a server, the console for its output.
 */
final class LinuxGuests {
    /**
     * Drivers for the devices Stackbox gives a server: virtio cards and disks, IDE CD-ROMs, ISO 9660, and the virtio
     * serial ports of the guest agent's channel.
     */
    private static final List<String> MODULES = List.of("virtio_pci", "virtio_net", "virtio_blk", "ata_piix",
            "sr_mod", "isofs", "virtio_console");
    private static final String KERNEL_PACKAGE = "linux-image-cloud-amd64";
    private static final Path ISOLINUX = Path.of("/usr/lib/ISOLINUX/isolinux.bin");
    private static final Path ISOHYBRID_MBR = Path.of("/usr/lib/ISOLINUX/isohdpfx.bin");
    private static final Path LDLINUX = Path.of("/usr/lib/syslinux/modules/bios/ldlinux.c32");
    private static final String ISOLINUX_CONFIG = """
            DEFAULT linux
            PROMPT 0
            TIMEOUT 0
            LABEL linux
              KERNEL /vmlinuz
              INITRD /initrd.gz
              APPEND console=ttyS0 quiet loglevel=1 panic=-1
            """;
    /** Changes when the layout of the ISO or the initramfs changes, so that older cached ISOs are not reused. */
    private static final String FORMAT = "linux-guest-iso-2";

    private LinuxGuests() {}

    /** {@code body} after the usual start of a guest; the guest stays up after it (init must not end). */
    static String init(String body) {
        return """
                #!/bin/busybox sh
                /bin/busybox --install -s /bin
                export PATH=/bin
                mount -t proc proc /proc
                mount -t sysfs sys /sys
                mount -t devtmpfs dev /dev
                exec </dev/console >/dev/console 2>&1
                for module in $(cat /lib/modules/order); do insmod /lib/modules/$module.ko; done
                ip link set lo up
                """ + body + """

                while true; do sleep 3600; done
                """;
    }

    /** The bootable ISO with this {@code /init}, built unless the cache has it. */
    static Path bootableIso(String init) throws IOException, InterruptedException {
        return build(init, false);
    }

    /**
     * The same guest as a hard disk: a hybrid ISO, whose master boot record starts isolinux from a disk, to upload as
     * a raw or qcow2 image; the guest's root disk is then a writable {@code /dev/vda} (free after the ISO's data).
     */
    static Path bootableDisk(String init) throws IOException, InterruptedException {
        return build(init, true);
    }

    private static synchronized Path build(String init, boolean hybrid) throws IOException, InterruptedException {
        Path cache = Files.createDirectories(cacheDirectory());
        Path debs = Files.createDirectories(cache.resolve("debs"));
        Kernel kernel = Kernel.in(unpacked(cache, kernelPackage(debs)));
        Path busybox = unpacked(cache, busyboxPackage(debs)).resolve("bin/busybox");
        List<Path> modules = modulesInLoadOrder(kernel.modules());

        MessageDigest digest = sha256();
        for (String text : List.of(FORMAT, ISOLINUX_CONFIG, init, hybrid ? "hybrid" : "")) {
            digest.update(text.getBytes(StandardCharsets.UTF_8));
        }
        List<Path> contents = new ArrayList<>(List.of(kernel.vmlinuz(), busybox, ISOLINUX, LDLINUX));
        contents.addAll(modules);
        for (Path file : contents) {
            digest.update(Files.readAllBytes(file));
        }
        Path iso = cache.resolve((hybrid ? "linux-disk-" : "linux-guest-") + HexFormat.of().formatHex(digest.digest()).substring(0, 16) + ".iso");
        if (Files.exists(iso)) {
            return iso;
        }
        Path staging = Files.createTempDirectory(cache, "build-");
        try {
            Path tree = Files.createDirectories(staging.resolve("tree/isolinux")).getParent();
            Files.copy(ISOLINUX, tree.resolve("isolinux/isolinux.bin"));
            Files.copy(LDLINUX, tree.resolve("isolinux/ldlinux.c32"));
            Files.writeString(tree.resolve("isolinux/isolinux.cfg"), ISOLINUX_CONFIG);
            Files.copy(kernel.vmlinuz(), tree.resolve("vmlinuz"));
            Files.write(tree.resolve("initrd.gz"), initramfs(init, busybox, modules));
            Path built = staging.resolve("guest.iso");
            List<String> command = new ArrayList<>(List.of("xorriso", "-as", "mkisofs", "-quiet", "-o",
                    built.toString(), "-V", "STACKBOX_GUEST"));
            if (hybrid) {
                command.addAll(List.of("-isohybrid-mbr", ISOHYBRID_MBR.toString()));
            }
            command.addAll(List.of("-b", "isolinux/isolinux.bin", "-c", "isolinux/boot.cat", "-no-emul-boot",
                    "-boot-load-size", "4", "-boot-info-table", tree.toString()));
            run(staging, command.toArray(String[]::new));
            Files.move(built, iso, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(staging);
        }
        return iso;
    }

    /** Where the packages, their unpacked trees and the ISOs are kept between runs. */
    static Path cacheDirectory() {
        String configured = System.getenv("STACKBOX_TEST_CACHE");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("stackbox/test-guests");
    }

    // ---- the packages --------------------------------------------------------------------------------------------

    /** The kernel image and the directory of its modules, in a tree the kernel's package was unpacked into. */
    private record Kernel(Path vmlinuz, Path modules) {
        static Kernel in(Path tree) throws IOException {
            try (Stream<Path> files = Files.list(tree.resolve("boot"))) {
                Path vmlinuz = files.filter(file -> file.getFileName().toString().startsWith("vmlinuz-")).findFirst()
                        .orElseThrow(() -> new IOException("No vmlinuz-* in " + tree.resolve("boot")));
                String release = vmlinuz.getFileName().toString().substring("vmlinuz-".length());
                return new Kernel(vmlinuz, tree.resolve("lib/modules").resolve(release).resolve("kernel"));
            }
        }
    }

    /** The cloud kernel's package, fetched (through the metapackage's dependency) if it is not there yet. */
    private static Path kernelPackage(Path debs) throws IOException, InterruptedException {
        Predicate<String> kernel = name -> name.startsWith("linux-image-") && name.contains("-cloud-amd64_")
                && !name.startsWith(KERNEL_PACKAGE + "_");
        Optional<Path> found = findDeb(debs, kernel);
        if (found.isPresent()) {
            return found.get();
        }
        Path meta = download(debs, KERNEL_PACKAGE, name -> name.startsWith(KERNEL_PACKAGE + "_"));
        // The metapackage depends on the versioned image, e.g. linux-image-6.1.0-56-cloud-amd64 (= 6.1.192-2).
        String image = run(debs, "dpkg-deb", "-f", meta.toString(), "Depends").strip().split("[ ,(]")[0];
        return download(debs, image, kernel);
    }

    private static Path busyboxPackage(Path debs) throws IOException, InterruptedException {
        Predicate<String> busybox = name -> name.startsWith("busybox-static_");
        Optional<Path> found = findDeb(debs, busybox);
        return found.isPresent() ? found.get() : download(debs, "busybox-static", busybox);
    }

    private static Path download(Path debs, String packageName, Predicate<String> name)
            throws IOException, InterruptedException {
        run(debs, "apt-get", "download", "-q", packageName);
        return findDeb(debs, name).orElseThrow(() -> new IOException("apt-get download " + packageName
                + " fetched nothing into " + debs + " (run 'apt-get update': scripts/setup --test does)"));
    }

    /** The newest package file whose name matches (names sort by version well enough here). */
    private static Optional<Path> findDeb(Path debs, Predicate<String> name) throws IOException {
        try (Stream<Path> files = Files.list(debs)) {
            return files.filter(path -> path.getFileName().toString().endsWith(".deb"))
                    .filter(path -> name.test(path.getFileName().toString())).max(Comparator.naturalOrder());
        }
    }

    /** The package's files, unpacked into the cache the first time. */
    private static Path unpacked(Path cache, Path deb) throws IOException, InterruptedException {
        String name = deb.getFileName().toString();
        Path tree = Files.createDirectories(cache.resolve("unpacked")).resolve(name.substring(0, name.length() - 4));
        if (Files.isDirectory(tree)) {
            return tree;
        }
        Path staging = Files.createTempDirectory(tree.getParent(), "staging-");
        try {
            run(staging, "dpkg-deb", "-x", deb.toString(), staging.resolve("tree").toString());
            Files.move(staging.resolve("tree"), tree, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.isDirectory(tree)) {
                throw e;
            }
            // Another run unpacked the same package meanwhile: its tree is as good.
        } finally {
            deleteTree(staging);
        }
        return tree;
    }

    // ---- modules ---------------------------------------------------------------------------------------------------

    /** The wanted modules' files with what they depend on, dependencies first; built-in ones have no file. */
    private static List<Path> modulesInLoadOrder(Path moduleTree) throws IOException {
        Map<String, Path> byName = new TreeMap<>();
        try (Stream<Path> files = Files.walk(moduleTree)) {
            files.filter(path -> path.getFileName().toString().endsWith(".ko"))
                    .forEach(path -> byName.put(moduleName(path), path));
        }
        if (byName.isEmpty()) {
            throw new IOException("No uncompressed kernel modules under " + moduleTree);
        }
        List<Path> ordered = new ArrayList<>();
        for (String module : MODULES) {
            addWithDependencies(module, byName, ordered, new ArrayList<>());
        }
        return ordered;
    }

    private static void addWithDependencies(String module, Map<String, Path> byName, List<Path> ordered,
                                            List<String> path) throws IOException {
        Path file = byName.get(module.replace('-', '_'));
        if (file == null || ordered.contains(file)) {
            return;
        }
        if (path.contains(module)) {
            throw new IOException("Modules depend on each other in a circle: " + path);
        }
        path.add(module);
        for (String dependency : dependsOf(file)) {
            addWithDependencies(dependency, byName, ordered, path);
        }
        path.remove(module);
        ordered.add(file);
    }

    /** The {@code depends=} entry of the module's {@code .modinfo} section (NUL-separated {@code key=value}). */
    private static List<String> dependsOf(Path module) throws IOException {
        String text = new String(Files.readAllBytes(module), StandardCharsets.ISO_8859_1);
        int start = text.indexOf("\0depends=");
        if (start < 0) {
            return List.of();
        }
        int end = text.indexOf('\0', start + 1);
        String value = text.substring(start + "\0depends=".length(), end);
        return value.isEmpty() ? List.of() : List.of(value.split(","));
    }

    private static String moduleName(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".ko".length()).replace('-', '_');
    }

    // ---- the initramfs ---------------------------------------------------------------------------------------------

    /** A gzip-compressed newc cpio archive: {@code /init}, busybox, the modules and the order to load them in. */
    private static byte[] initramfs(String init, Path busybox, List<Path> modules) throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            Cpio cpio = new Cpio(gzip);
            for (String directory : List.of("bin", "dev", "etc", "lib", "lib/modules", "mnt", "proc", "root", "sys",
                    "tmp")) {
                cpio.directory(directory);
            }
            cpio.characterDevice("dev/console", 5, 1);
            cpio.file("init", 0755, init.getBytes(StandardCharsets.UTF_8));
            cpio.file("bin/busybox", 0755, Files.readAllBytes(busybox));
            StringBuilder order = new StringBuilder();
            for (Path module : modules) {
                cpio.file("lib/modules/" + moduleName(module) + ".ko", 0644, Files.readAllBytes(module));
                order.append(moduleName(module)).append('\n');
            }
            cpio.file("lib/modules/order", 0644, order.toString().getBytes(StandardCharsets.UTF_8));
            cpio.trailer();
        }
        return compressed.toByteArray();
    }

    /** The "newc" format the kernel unpacks: a 110-byte hex header, the name, the data, each padded to 4 bytes. */
    private static final class Cpio {
        private final OutputStream out;
        private long written;
        private int inode = 1;

        Cpio(OutputStream out) {
            this.out = out;
        }

        void directory(String name) throws IOException {
            entry(name, 0040755, 2, 0, 0, new byte[0]);
        }

        void characterDevice(String name, int major, int minor) throws IOException {
            entry(name, 0020600, 1, major, minor, new byte[0]);
        }

        void file(String name, int permissions, byte[] data) throws IOException {
            entry(name, 0100000 | permissions, 1, 0, 0, data);
        }

        void trailer() throws IOException {
            entry("TRAILER!!!", 0, 1, 0, 0, new byte[0]);
        }

        private void entry(String name, int mode, int links, int deviceMajor, int deviceMinor, byte[] data)
                throws IOException {
            byte[] nameBytes = (name + "\0").getBytes(StandardCharsets.UTF_8);
            String header = "070701" + hex(inode++) + hex(mode) + hex(0) + hex(0) + hex(links) + hex(0)
                    + hex(data.length) + hex(0) + hex(0) + hex(deviceMajor) + hex(deviceMinor)
                    + hex(nameBytes.length) + hex(0);
            write(header.getBytes(StandardCharsets.US_ASCII));
            write(nameBytes);
            pad();
            write(data);
            pad();
        }

        private void write(byte[] bytes) throws IOException {
            out.write(bytes);
            written += bytes.length;
        }

        private void pad() throws IOException {
            while (written % 4 != 0) {
                write(new byte[1]);
            }
        }

        private static String hex(long value) {
            return String.format("%08X", value);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private static String run(Path directory, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("Timed out: " + String.join(" ", command));
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed with status " + process.exitValue() + ": "
                    + text);
        }
        return text;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path tree) throws IOException {
        if (!Files.exists(tree)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
