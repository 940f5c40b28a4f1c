package org.stackbox.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Small Linux guests for end-to-end tests: Debian's cloud kernel and a busybox initramfs whose {@code /init} is a
 * script the test passes, on an ISO that isolinux boots (Nova cannot hand QEMU a kernel and initrd, so the guest boots
 * from its image like any other). Each ISO is built once and kept under the cache directory by a hash of everything
 * in it; the kernel and busybox come from the installed packages ({@code linux-image-cloud-amd64},
 * {@code busybox-static}, see {@code scripts/setup --test}), or else are fetched once with {@code apt-get download}.
 * <p>{@link #init(String)} gives a script the usual start: busybox's applets, {@code /proc}, {@code /sys},
 * {@code /dev}, the virtio network modules, the console on the serial port.
 */
final class LinuxGuests {
    /** Modules every guest gets (with what they depend on): virtio network cards on PCI. */
    static final List<String> MODULES = List.of("virtio_pci", "virtio_net");
    private static final String KERNEL_PACKAGE = "linux-image-cloud-amd64";
    private static final String KERNEL_FLAVOUR = "-cloud-amd64";
    private static final Path ISOLINUX = Path.of("/usr/lib/ISOLINUX/isolinux.bin");
    private static final Path LDLINUX = Path.of("/usr/lib/syslinux/modules/bios/ldlinux.c32");
    private static final String ISOLINUX_CONFIG = """
            DEFAULT linux
            PROMPT 0
            TIMEOUT 0
            LABEL linux
              KERNEL /vmlinuz
              APPEND initrd=/initrd.gz console=ttyS0 quiet
            """;
    private static final String FORMAT = "linux-guest-iso-1";

    private LinuxGuests() {}

    /** {@code body} after the usual start of a guest; the guest stays up after it (init must not end). */
    static String init(String body) {
        return """
                #!/bin/busybox sh
                /bin/busybox --install -s /bin
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
        Path cache = Files.createDirectories(cacheDirectory());
        Kernel kernel = kernel(cache);
        Path busybox = busybox(cache);
        List<Path> modules = modulesInLoadOrder(kernel.modules(), MODULES);

        MessageDigest digest = sha256();
        digest.update(FORMAT.getBytes(StandardCharsets.UTF_8));
        digest.update(ISOLINUX_CONFIG.getBytes(StandardCharsets.UTF_8));
        digest.update(init.getBytes(StandardCharsets.UTF_8));
        for (Path file : concat(List.of(kernel.vmlinuz(), busybox, ISOLINUX, LDLINUX), modules)) {
            digest.update(Files.readAllBytes(file));
        }
        Path iso = cache.resolve("linux-guests").resolve(HexFormat.of().formatHex(digest.digest()).substring(0, 24) + ".iso");
        if (Files.exists(iso)) {
            return iso;
        }
        Files.createDirectories(iso.getParent());
        Path staging = Files.createTempDirectory(iso.getParent(), "staging");
        try {
            Path tree = Files.createDirectories(staging.resolve("tree/isolinux")).getParent();
            Files.copy(ISOLINUX, tree.resolve("isolinux/isolinux.bin"));
            Files.copy(LDLINUX, tree.resolve("isolinux/ldlinux.c32"));
            Files.writeString(tree.resolve("isolinux/isolinux.cfg"), ISOLINUX_CONFIG);
            Files.copy(kernel.vmlinuz(), tree.resolve("vmlinuz"));
            Files.write(tree.resolve("initrd.gz"), initramfs(init, busybox, modules));
            Path built = staging.resolve("guest.iso");
            run(staging, "xorriso", "-as", "mkisofs", "-quiet", "-o", built.toString(), "-V", "STACKBOX_GUEST",
                    "-b", "isolinux/isolinux.bin", "-c", "isolinux/boot.cat", "-no-emul-boot", "-boot-load-size", "4",
                    "-boot-info-table", tree.toString());
            Files.move(built, iso, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(staging);
        }
        return iso;
    }

    static Path cacheDirectory() {
        String configured = System.getProperty("stackbox.test.cache");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "stackbox-tests");
    }

    // ---- the kernel and busybox ----------------------------------------------------------------------------------

    record Kernel(Path vmlinuz, Path modules) {}

    /** The installed cloud kernel, or the one unpacked in the cache (fetched the first time). */
    private static Kernel kernel(Path cache) throws IOException, InterruptedException {
        Optional<Kernel> installed = kernelUnder(Path.of("/"));
        if (installed.isPresent()) {
            return installed.get();
        }
        Path unpacked = cache.resolve("kernel");
        Optional<Kernel> cached = kernelUnder(unpacked);
        if (cached.isPresent()) {
            return cached.get();
        }
        Path downloads = Files.createDirectories(cache.resolve("downloads"));
        Path meta = download(downloads, KERNEL_PACKAGE);
        // The metapackage depends on the versioned image, e.g. linux-image-6.1.0-56-cloud-amd64 (= 6.1.192-2).
        String image = run(downloads, "dpkg-deb", "-f", meta.toString(), "Depends").strip().split("[ ,]")[0];
        Path staging = Files.createTempDirectory(cache, "kernel");
        run(downloads, "dpkg-deb", "-x", download(downloads, image).toString(), staging.toString());
        Files.move(staging, unpacked, StandardCopyOption.ATOMIC_MOVE);
        return kernelUnder(unpacked).orElseThrow(() -> new IllegalStateException(image + " has no cloud kernel"));
    }

    private static Optional<Kernel> kernelUnder(Path root) throws IOException {
        Path boot = root.resolve("boot");
        if (!Files.isDirectory(boot)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(boot)) {
            for (Path vmlinuz : files.filter(f -> f.getFileName().toString().startsWith("vmlinuz-")
                    && f.getFileName().toString().endsWith(KERNEL_FLAVOUR)).sorted().toList()) {
                String version = vmlinuz.getFileName().toString().substring("vmlinuz-".length());
                Path modules = root.resolve("lib/modules").resolve(version).resolve("kernel");
                if (Files.isDirectory(modules)) {
                    return Optional.of(new Kernel(vmlinuz, modules));
                }
            }
        }
        return Optional.empty();
    }

    /** A static busybox: the installed {@code busybox-static}'s, or one unpacked in the cache. */
    private static Path busybox(Path cache) throws IOException, InterruptedException {
        if (Files.exists(Path.of("/usr/share/doc/busybox-static/copyright")) && Files.exists(Path.of("/bin/busybox"))) {
            return Path.of("/bin/busybox");
        }
        Path unpacked = cache.resolve("busybox-static");
        Path busybox = unpacked.resolve("bin/busybox");
        if (Files.exists(busybox)) {
            return busybox;
        }
        Path downloads = Files.createDirectories(cache.resolve("downloads"));
        Path staging = Files.createTempDirectory(cache, "busybox");
        run(downloads, "dpkg-deb", "-x", download(downloads, "busybox-static").toString(), staging.toString());
        Files.move(staging, unpacked, StandardCopyOption.ATOMIC_MOVE);
        return busybox;
    }

    private static Path download(Path directory, String packageName) throws IOException, InterruptedException {
        run(directory, "apt-get", "download", "-q", packageName);
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().startsWith(packageName + "_")
                            && f.getFileName().toString().endsWith(".deb"))
                    .max(java.util.Comparator.comparing(f -> f.getFileName().toString()))
                    .orElseThrow(() -> new IllegalStateException("apt-get download " + packageName + " left no .deb"));
        }
    }

    // ---- modules ---------------------------------------------------------------------------------------------------

    /** The modules' files with everything they depend on, dependencies first (from each module's {@code depends=}). */
    static List<Path> modulesInLoadOrder(Path modulesRoot, List<String> wanted) throws IOException {
        Map<String, Path> byName = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(modulesRoot)) {
            files.filter(f -> f.getFileName().toString().endsWith(".ko"))
                    .forEach(f -> byName.put(moduleName(f), f));
        }
        List<Path> ordered = new ArrayList<>();
        for (String module : wanted) {
            addWithDependencies(module, byName, ordered, new ArrayList<>());
        }
        return ordered;
    }

    private static void addWithDependencies(String module, Map<String, Path> byName, List<Path> ordered,
                                            List<String> path) throws IOException {
        Path file = byName.get(module.replace('-', '_'));
        if (file == null) {
            throw new IllegalStateException("No module " + module + " (compressed modules are not supported)");
        }
        if (ordered.contains(file)) {
            return;
        }
        if (path.contains(module)) {
            throw new IllegalStateException("Modules depend on each other in a circle: " + path);
        }
        path.add(module);
        for (String dependency : dependsOf(file)) {
            addWithDependencies(dependency, byName, ordered, path);
        }
        path.remove(module);
        ordered.add(file);
    }

    /** The {@code depends=} entry of the module's {@code .modinfo} section. */
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
    static byte[] initramfs(String init, Path busybox, List<Path> modules) throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            Cpio cpio = new Cpio(gzip);
            for (String directory : List.of("bin", "dev", "etc", "lib", "lib/modules", "proc", "root", "sys", "tmp")) {
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
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: "
                    + new String(output, StandardCharsets.UTF_8));
        }
        return new String(output, StandardCharsets.UTF_8);
    }

    private static List<Path> concat(List<Path> first, List<Path> second) {
        List<Path> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
