package org.stackbox.image.inspect;

import org.stackbox.image.spi.DiskFormat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** Images made by the real tools, qemu-img and xorriso: the inspector must agree with what QEMU reports. */
class RealImagesTest {
    private static final Pattern VIRTUAL_SIZE = Pattern.compile("\"virtual-size\":\\s*(\\d+)");

    @TempDir
    Path directory;

    /** An image {@code qemu-img create} makes, declared as its Glance disk format. */
    record Created(DiskFormat declared, String qemuFormat, List<String> options, String size) {
        @Override
        public String toString() {
            return qemuFormat + " " + String.join(" ", options) + " " + size;
        }
    }

    @BeforeAll
    static void requireTools() {
        assumeThat(onPath("qemu-img")).as("qemu-img is installed").isTrue();
        assumeThat(onPath("xorriso")).as("xorriso is installed").isTrue();
    }

    static Stream<Created> createdImages() {
        return Stream.of(
                new Created(DiskFormat.QCOW2, "qcow2", List.of(), "1G"),
                new Created(DiskFormat.QCOW2, "qcow2", List.of("-o", "compat=0.10"), "3G"),
                new Created(DiskFormat.QCOW2, "qcow2", List.of("-o", "cluster_size=2M"), "5G"),
                new Created(DiskFormat.VMDK, "vmdk", List.of(), "1G"),
                new Created(DiskFormat.VMDK, "vmdk", List.of("-o", "subformat=streamOptimized"), "2G"),
                new Created(DiskFormat.VHDX, "vhdx", List.of(), "1G"),
                new Created(DiskFormat.VHD, "vpc", List.of(), "1G"),
                new Created(DiskFormat.VHD, "vpc", List.of("-o", "subformat=fixed"), "10M"),
                new Created(DiskFormat.VDI, "vdi", List.of(), "1G"),
                new Created(DiskFormat.VDI, "vdi", List.of("-o", "static=on"), "10M"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("createdImages")
    void acceptsWhatQemuImgCreatesWithTheSameVirtualSize(Created image) throws Exception {
        Path file = create(image.qemuFormat(), image.options(), image.size());

        assertThat(FormatInspector.inspect(image.declared(), file)).isEqualTo(InspectionResult.accepted(
                image.declared(), OptionalLong.of(qemuVirtualSize(file, image.qemuFormat())), Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("createdImages")
    void refusesWhatQemuImgCreatesWhenDeclaredRaw(Created image) throws Exception {
        Path file = create(image.qemuFormat(), image.options(), image.size());

        assertThat(FormatInspector.inspect(DiskFormat.RAW, file)).isEqualTo(InspectionResult.rejected(
                image.declared(), "Image data is " + image.declared().imageNoun() + ", not raw"));
    }

    @Test
    void refusesQcow2WithABackingFile() throws Exception {
        Path base = create("raw", List.of(), "1M");
        Path file = create("qcow2", List.of("-b", base.toString(), "-F", "raw"), "1M");

        assertThat(rejection(DiskFormat.QCOW2, file)).isEqualTo("qcow2 image has a backing file, which is not allowed");
    }

    @Test
    void refusesQcow2WithAnExternalDataFile() throws Exception {
        Path file = create("qcow2", List.of("-o", "data_file=" + directory.resolve("data.raw")), "1M");

        assertThat(rejection(DiskFormat.QCOW2, file))
                .isEqualTo("qcow2 image uses an external data file, which is not allowed");
    }

    @Test
    void refusesVmdkWithAParent() throws Exception {
        Path base = create("vmdk", List.of(), "1M");
        Path file = create("vmdk", List.of("-b", base.toString(), "-F", "vmdk"), "1M");

        assertThat(rejection(DiskFormat.VMDK, file)).isEqualTo("vmdk image names a parent disk, which is not allowed");
    }

    @Test
    void refusesMultiFileVmdkDescriptors() throws Exception {
        for (String subformat : List.of("monolithicFlat", "twoGbMaxExtentSparse", "twoGbMaxExtentFlat")) {
            Path file = create("vmdk", List.of("-o", "subformat=" + subformat), "1M");

            assertThat(rejection(DiskFormat.VMDK, file)).as(subformat).isEqualTo(
                    "vmdk image is a descriptor file that refers to other files; multi-file vmdk is not allowed");
            assertThat(rejection(DiskFormat.RAW, file)).as(subformat)
                    .isEqualTo("Image data is a vmdk image, not raw");
        }
    }

    @Test
    void acceptsAnIsoWithItsLabel() throws Exception {
        Path iso = xorriso("plain.iso", List.of("-V", "STACKBOX_TEST"));

        assertThat(FormatInspector.inspect(DiskFormat.ISO, iso)).isEqualTo(InspectionResult.accepted(DiskFormat.ISO,
                OptionalLong.of(qemuVirtualSize(iso, "raw")), IsoInspectionTest.properties("STACKBOX_TEST", false)));
    }

    @Test
    void acceptsABootableIso() throws Exception {
        Path iso = xorriso("boot.iso", List.of("-V", "BOOTME", "-b", "boot.img", "-no-emul-boot"));

        assertThat(FormatInspector.inspect(DiskFormat.ISO, iso)).isEqualTo(InspectionResult.accepted(DiskFormat.ISO,
                OptionalLong.of(Files.size(iso)), IsoInspectionTest.properties("BOOTME", true)));
    }

    @Test
    void acceptsAHybridIsoWithMbrAndGpt() throws Exception {
        Path efi = directory.resolve("efi.img");
        Files.write(efi, new byte[64 * 1024]);
        Path iso = xorriso("hybrid.iso", List.of("-V", "HYBRID", "-b", "boot.img", "-no-emul-boot",
                "--protective-msdos-label", "-append_partition", "2", "0xef", efi.toString(),
                "-appended_part_as_gpt"));
        byte[] start = Files.readAllBytes(iso);
        assertThat(start[510] & 0xff).as("MBR boot signature").isEqualTo(0x55);
        assertThat(new String(start, 512, 8, StandardCharsets.US_ASCII)).as("GPT header").isEqualTo("EFI PART");

        assertThat(FormatInspector.inspect(DiskFormat.ISO, iso)).isEqualTo(InspectionResult.accepted(DiskFormat.ISO,
                OptionalLong.of(Files.size(iso)), IsoInspectionTest.properties("HYBRID", true)));
        assertThat(FormatInspector.inspect(DiskFormat.RAW, iso)).isEqualTo(
                InspectionResult.accepted(DiskFormat.ISO, OptionalLong.of(Files.size(iso)), Map.of()));
    }

    private Path create(String format, List<String> options, String size) throws Exception {
        Path file = Files.createTempFile(directory, "image", "." + format);
        List<String> command = new ArrayList<>(List.of("qemu-img", "create", "-q", "-f", format));
        command.addAll(options);
        command.addAll(List.of(file.toString(), size));
        run(command);
        return file;
    }

    private Path xorriso(String name, List<String> options) throws Exception {
        Path content = directory.resolve("content");
        Files.createDirectories(content);
        Files.writeString(content.resolve("readme.txt"), "hello\n");
        Files.write(content.resolve("boot.img"), new byte[2048]);
        Path iso = directory.resolve(name);
        List<String> command = new ArrayList<>(List.of("xorriso", "-as", "mkisofs"));
        command.addAll(options);
        command.addAll(List.of("-o", iso.toString(), content.toString()));
        run(command);
        return iso;
    }

    private String rejection(DiskFormat declared, Path file) throws IOException {
        return FormatInspector.inspect(declared, file).rejection().orElse("(accepted)");
    }

    private long qemuVirtualSize(Path file, String format) throws Exception {
        Matcher matcher = VIRTUAL_SIZE.matcher(
                run(List.of("qemu-img", "info", "--output=json", "-f", format, file.toString())));
        assertThat(matcher.find()).as("qemu-img info reports a virtual size").isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finishes", command).isTrue();
        assertThat(process.exitValue()).as("%s exit status; output:%n%s", command, output).isZero();
        return output;
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, program)));
    }
}
