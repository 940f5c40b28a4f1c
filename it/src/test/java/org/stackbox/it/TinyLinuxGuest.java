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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * A small real Linux guest for end-to-end tests: Debian's cloud kernel and a busybox initramfs on a bootable ISO
 * (isolinux), console on the first serial port. It boots under TCG in seconds, then reports on the serial console,
 * one line each, prefixed {@code GUEST }:
 * <ul>
 *   <li>{@code address <card> <ip/prefix>} for each card that got an address by DHCP;</li>
 *   <li>{@code cd-meta <json>}: its config drive's {@code openstack/latest/meta_data.json};</li>
 *   <li>{@code md-instance-id}, {@code md-hostname}, {@code md-key} and {@code md-meta}: what the metadata service at
 *       {@code 169.254.169.254} answers for the EC2 instance id, host name, first public key and
 *       {@code /openstack/latest/meta_data.json};</li>
 *   <li>then it runs its user data if that is a script ({@code #!}), between {@code user-data start} and
 *       {@code user-data exit <status>}, and prints {@code done}.</li>
 * </ul>
 * The ISO is built once per content (kernel and busybox packages, isolinux, this init) and kept in
 * {@code ~/.cache/stackbox/test-guests} (or under {@code $XDG_CACHE_HOME}); the Debian packages
 * {@code linux-image-cloud-amd64} and {@code busybox-static} are fetched with {@code apt-get download} into its
 * {@code debs} directory, as {@code scripts/setup --test} does, never installed.
 */
final class TinyLinuxGuest {
    static final String LINE_PREFIX = "GUEST ";
    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(3);
    private static final Path ISOLINUX = Path.of("/usr/lib/ISOLINUX/isolinux.bin");
    private static final Path LDLINUX = Path.of("/usr/lib/syslinux/modules/bios/ldlinux.c32");
    /** Drivers for the devices Stackbox gives a server: virtio cards and disks, IDE CD-ROMs, and ISO 9660. */
    private static final List<String> MODULES = List.of("virtio_pci", "virtio_net", "virtio_blk", "ata_piix",
            "sr_mod", "isofs");

    private static final String INIT = """
            #!/bin/busybox sh
            /bin/busybox --install -s /bin
            export PATH=/bin
            mount -t proc proc /proc
            mount -t sysfs sysfs /sys
            mount -t devtmpfs devtmpfs /dev
            dmesg -n 1
            for module in $(cat /etc/modules); do insmod /lib/modules/$module.ko; done
            say() { echo "GUEST $*"; }
            say "booted $(uname -r)"
            ip link set lo up
            for card in /sys/class/net/*; do
              name=${card##*/}
              [ "$name" = lo ] && continue
              ip link set "$name" up
              if udhcpc -i "$name" -q -n -t 10 -T 1 -s /etc/udhcpc.script >/dev/null 2>&1; then
                say "address $name $(ip -4 -o addr show dev "$name" | awk '{print $4}')"
              fi
            done
            mkdir -p /mnt/config
            found=""
            tries=0
            while [ -z "$found" ] && [ $tries -lt 100 ]; do
              for device in /dev/sr0 /dev/sr1 /dev/sr2 /dev/sr3 /dev/vda /dev/vdb; do
                [ -b "$device" ] || continue
                if mount -t iso9660 -o ro "$device" /mnt/config 2>/dev/null; then
                  if [ -f /mnt/config/openstack/latest/meta_data.json ]; then found=$device; break; fi
                  umount /mnt/config
                fi
              done
              [ -n "$found" ] || { sleep 0.2; tries=$((tries + 1)); }
            done
            if [ -n "$found" ]; then
              say "config-drive $found"
              say "cd-meta $(cat /mnt/config/openstack/latest/meta_data.json)"
              [ -f /mnt/config/openstack/latest/user_data ] && cp /mnt/config/openstack/latest/user_data /user-data
            fi
            md() { timeout 20 wget -q -O - "http://169.254.169.254$1" 2>/dev/null; }
            say "md-instance-id $(md /latest/meta-data/instance-id)"
            say "md-hostname $(md /latest/meta-data/hostname)"
            say "md-key $(md /latest/meta-data/public-keys/0/openssh-key)"
            say "md-meta $(md /openstack/latest/meta_data.json)"
            [ -f /user-data ] || md /latest/user-data > /user-data
            if [ "$(head -c 2 /user-data)" = "#!" ]; then
              chmod +x /user-data
              say "user-data start"
              /user-data
              say "user-data exit $?"
            fi
            say "done"
            while :; do sleep 3600; done
            """;

    private static final String UDHCPC_SCRIPT = """
            #!/bin/sh
            case "$1" in
              bound|renew)
                ip addr flush dev "$interface"
                ip addr add "$ip/${mask:-24}" dev "$interface"
                [ -n "$router" ] && ip route add default via "${router%% *}" dev "$interface"
                for server in $dns; do echo "nameserver $server"; done > /etc/resolv.conf
                ;;
            esac
            exit 0
            """;

    private static final String ISOLINUX_CONFIG = """
            DEFAULT linux
            PROMPT 0
            TIMEOUT 0
            LABEL linux
              KERNEL /vmlinuz
              INITRD /initrd.gz
              APPEND console=ttyS0 quiet loglevel=1 panic=-1
            """;

    private TinyLinuxGuest() {}

    /** The guest's bootable ISO, built on first use and kept by content. */
    static synchronized Path iso() throws IOException, InterruptedException {
        Path cache = cacheDirectory();
        Path debs = Files.createDirectories(cache.resolve("debs"));
        Path kernelDeb = kernelPackage(debs);
        Path busyboxDeb = busyboxPackage(debs);
        String hash = contentHash(kernelDeb, busyboxDeb, ISOLINUX, LDLINUX);
        Path iso = cache.resolve("tiny-linux-" + hash.substring(0, 16) + ".iso");
        if (Files.exists(iso)) {
            return iso;
        }
        Path work = Files.createTempDirectory(cache, "build-");
        try {
            Path kernelTree = work.resolve("kernel");
            Path busyboxTree = work.resolve("busybox");
            run(work, "dpkg-deb", "-x", kernelDeb.toString(), kernelTree.toString());
            run(work, "dpkg-deb", "-x", busyboxDeb.toString(), busyboxTree.toString());
            Path vmlinuz = onlyFile(kernelTree.resolve("boot"), "vmlinuz-");
            String release = vmlinuz.getFileName().toString().substring("vmlinuz-".length());
            Path moduleTree = kernelTree.resolve("lib/modules").resolve(release).resolve("kernel");

            Path isoTree = Files.createDirectories(work.resolve("iso/isolinux")).getParent();
            Files.copy(ISOLINUX, isoTree.resolve("isolinux/isolinux.bin"));
            Files.copy(LDLINUX, isoTree.resolve("isolinux/ldlinux.c32"));
            Files.writeString(isoTree.resolve("isolinux/isolinux.cfg"), ISOLINUX_CONFIG);
            Files.copy(vmlinuz, isoTree.resolve("vmlinuz"));
            Files.write(isoTree.resolve("initrd.gz"), initramfs(busyboxTree.resolve("bin/busybox"), moduleTree));
            Path partial = work.resolve("guest.iso");
            run(work, "xorriso", "-as", "mkisofs", "-quiet", "-V", "TINY-LINUX", "-o", partial.toString(),
                    "-b", "isolinux/isolinux.bin", "-c", "isolinux/boot.cat", "-no-emul-boot", "-boot-load-size", "4",
                    "-boot-info-table", isoTree.toString());
            Files.move(partial, iso, StandardCopyOption.ATOMIC_MOVE);
            return iso;
        } finally {
            deleteTree(work);
        }
    }

    /** The lines the guest printed, without their prefix, from a console log. */
    static List<String> reports(String consoleLog) {
        return consoleLog.lines().map(line -> line.replace("\r", ""))
                .filter(line -> line.startsWith(LINE_PREFIX)).map(line -> line.substring(LINE_PREFIX.length()))
                .toList();
    }

    /** The value of the last report named {@code name} ({@code <name> <value>}). */
    static Optional<String> report(String consoleLog, String name) {
        List<String> values = reports(consoleLog).stream().filter(line -> line.startsWith(name + " ")
                || line.equals(name)).map(line -> line.length() > name.length() ? line.substring(name.length() + 1)
                : "").toList();
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }

    private static Path cacheDirectory() throws IOException {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return Files.createDirectories(base.resolve("stackbox/test-guests"));
    }

    /** The cloud kernel's package, fetched (through the metapackage's dependency) if it is not there yet. */
    private static Path kernelPackage(Path debs) throws IOException, InterruptedException {
        Predicate<String> kernel = name -> name.startsWith("linux-image-") && name.contains("-cloud-amd64_")
                && !name.startsWith("linux-image-cloud-amd64_");
        Optional<Path> found = findDeb(debs, kernel);
        if (found.isPresent()) {
            return found.get();
        }
        run(debs, "apt-get", "download", "linux-image-cloud-amd64");
        Path meta = findDeb(debs, name -> name.startsWith("linux-image-cloud-amd64_")).orElseThrow(() ->
                new IOException("apt-get download linux-image-cloud-amd64 fetched nothing into " + debs));
        String depends = run(debs, "dpkg-deb", "-f", meta.toString(), "Depends").strip();
        run(debs, "apt-get", "download", depends.split("[ ,(]")[0]);
        return findDeb(debs, kernel).orElseThrow(() -> new IOException("apt-get download " + depends
                + " fetched nothing into " + debs));
    }

    private static Path busyboxPackage(Path debs) throws IOException, InterruptedException {
        Predicate<String> busybox = name -> name.startsWith("busybox-static_");
        Optional<Path> found = findDeb(debs, busybox);
        if (found.isPresent()) {
            return found.get();
        }
        run(debs, "apt-get", "download", "busybox-static");
        return findDeb(debs, busybox).orElseThrow(() -> new IOException("apt-get download fetched no busybox-static"));
    }

    /** The newest package file whose name matches (names sort by version well enough here). */
    private static Optional<Path> findDeb(Path debs, Predicate<String> name) throws IOException {
        try (Stream<Path> files = Files.list(debs)) {
            return files.filter(path -> path.getFileName().toString().endsWith(".deb"))
                    .filter(path -> name.test(path.getFileName().toString())).max(Comparator.naturalOrder());
        }
    }

    private static Path onlyFile(Path directory, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> matching = files.filter(path -> path.getFileName().toString().startsWith(prefix)).toList();
            if (matching.size() != 1) {
                throw new IOException("Expected one " + prefix + "* in " + directory + ", found " + matching);
            }
            return matching.get(0);
        }
    }

    /** A gzipped newc cpio: busybox, the init, the DHCP script, the modules in load order, a console device. */
    private static byte[] initramfs(Path busybox, Path moduleTree) throws IOException {
        Map<String, Path> modules = moduleFiles(moduleTree);
        List<String> order = loadOrder(modules);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            Cpio cpio = new Cpio(gzip);
            for (String directory : List.of("bin", "dev", "etc", "lib", "lib/modules", "mnt", "proc", "sys", "tmp")) {
                cpio.directory(directory);
            }
            cpio.device("dev/console", 0020600, 5, 1);
            cpio.file("bin/busybox", 0100755, Files.readAllBytes(busybox));
            cpio.file("init", 0100755, INIT.getBytes(StandardCharsets.UTF_8));
            cpio.file("etc/udhcpc.script", 0100755, UDHCPC_SCRIPT.getBytes(StandardCharsets.UTF_8));
            cpio.file("etc/modules", 0100644, (String.join("\n", order) + "\n").getBytes(StandardCharsets.UTF_8));
            for (String module : order) {
                cpio.file("lib/modules/" + module + ".ko", 0100644, Files.readAllBytes(modules.get(module)));
            }
            cpio.trailer();
        }
        return compressed.toByteArray();
    }

    private static Map<String, Path> moduleFiles(Path moduleTree) throws IOException {
        Map<String, Path> modules = new TreeMap<>();
        try (Stream<Path> files = Files.walk(moduleTree)) {
            files.filter(path -> path.getFileName().toString().endsWith(".ko")).forEach(path -> {
                String name = path.getFileName().toString();
                modules.put(name.substring(0, name.length() - 3).replace('-', '_'), path);
            });
        }
        if (modules.isEmpty()) {
            throw new IOException("No uncompressed kernel modules under " + moduleTree);
        }
        return modules;
    }

    /** The wanted modules and what they depend on (their {@code depends=} field), dependencies first. */
    private static List<String> loadOrder(Map<String, Path> modules) throws IOException {
        LinkedHashSet<String> order = new LinkedHashSet<>();
        for (String module : MODULES) {
            addWithDependencies(module, modules, order, new LinkedHashSet<>());
        }
        return new ArrayList<>(order);
    }

    private static void addWithDependencies(String module, Map<String, Path> modules, LinkedHashSet<String> order,
                                            LinkedHashSet<String> visiting) throws IOException {
        if (order.contains(module)) {
            return;
        }
        Path file = modules.get(module);
        if (file == null) {
            // Built into the kernel.
            return;
        }
        if (!visiting.add(module)) {
            throw new IOException("Module dependency cycle at " + module);
        }
        for (String dependency : dependencies(Files.readAllBytes(file))) {
            addWithDependencies(dependency.replace('-', '_'), modules, order, visiting);
        }
        order.add(module);
    }

    /** The {@code depends=} entry of a module's {@code .modinfo} section (NUL-separated {@code key=value}). */
    static List<String> dependencies(byte[] module) {
        byte[] key = "\0depends=".getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int index = 0; index + key.length <= module.length; index++) {
            for (int offset = 0; offset < key.length; offset++) {
                if (module[index + offset] != key[offset]) {
                    continue outer;
                }
            }
            int start = index + key.length;
            int end = start;
            while (end < module.length && module[end] != 0) {
                end++;
            }
            String value = new String(module, start, end - start, StandardCharsets.US_ASCII);
            return value.isEmpty() ? List.of() : List.of(value.split(","));
        }
        return List.of();
    }

    private static String contentHash(Path... files) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path file : files) {
                digest.update(Files.readAllBytes(file));
            }
            for (String text : List.of(INIT, UDHCPC_SCRIPT, ISOLINUX_CONFIG, String.join(",", MODULES))) {
                digest.update(text.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String run(Path directory, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(TOOL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException("Timed out: " + List.of(command));
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException(List.of(command) + " failed with status " + process.exitValue() + ": " + text);
        }
        return text;
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

    /** The newc ("070701") cpio format the kernel unpacks an initramfs from. */
    private static final class Cpio {
        private final OutputStream out;
        private int inode = 1;
        private long written;

        Cpio(OutputStream out) {
            this.out = out;
        }

        void directory(String name) throws IOException {
            entry(name, 0040755, 2, 0, 0, new byte[0]);
        }

        void device(String name, int mode, int major, int minor) throws IOException {
            entry(name, mode, 1, major, minor, new byte[0]);
        }

        void file(String name, int mode, byte[] content) throws IOException {
            entry(name, mode, 1, 0, 0, content);
        }

        void trailer() throws IOException {
            entry("TRAILER!!!", 0, 1, 0, 0, new byte[0]);
        }

        private void entry(String name, int mode, int links, int deviceMajor, int deviceMinor, byte[] content)
                throws IOException {
            byte[] nameBytes = (name + "\0").getBytes(StandardCharsets.US_ASCII);
            StringBuilder header = new StringBuilder("070701");
            for (long field : new long[] {name.equals("TRAILER!!!") ? 0 : inode++, mode, 0, 0, links, 0,
                    content.length, 0, 0, deviceMajor, deviceMinor, nameBytes.length, 0}) {
                header.append(String.format("%08x", field));
            }
            write(header.toString().getBytes(StandardCharsets.US_ASCII));
            write(nameBytes);
            pad();
            write(content);
            pad();
        }

        private void write(byte[] bytes) throws IOException {
            out.write(bytes);
            written += bytes.length;
        }

        private void pad() throws IOException {
            while (written % 4 != 0) {
                out.write(0);
                written++;
            }
        }
    }
}
