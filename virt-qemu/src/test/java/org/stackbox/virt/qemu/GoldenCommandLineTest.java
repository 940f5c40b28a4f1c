package org.stackbox.virt.qemu;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.stackbox.common.Json;
import org.stackbox.virt.BlockDeviceLayout;
import org.stackbox.virt.BlockDeviceMapping;
import org.stackbox.virt.DiskDevice;
import org.stackbox.virt.DiskFile;
import org.stackbox.virt.DiskFiles;
import org.stackbox.virt.DiskSource;
import org.stackbox.virt.DomainSpec;
import org.stackbox.virt.FileFormat;
import org.stackbox.virt.Flavor;
import org.stackbox.virt.HostForward;
import org.stackbox.virt.ImageDiskFormat;
import org.stackbox.virt.ImageMeta;
import org.stackbox.virt.LayoutRequest;
import org.stackbox.virt.NetworkBoot;
import org.stackbox.virt.UserNetwork;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden files keep the command line stable: {@code golden/<case>.json} is the domain spec the layout makes for the
 * case, {@code golden/<case>.args} the command line, one argument per line. Both are compared exactly. After an
 * intended change, run with {@code -Dgolden.update=true} and review the difference before committing it.
 * Disk files follow a fixed convention: {@code /var/lib/stackbox/disks/<source name>}, raw for the config drive and
 * images used as they are, qcow2 otherwise; the run directory is {@code /var/lib/stackbox/run/<server-id>}.
 */
@Timeout(10)
class GoldenCommandLineTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden");
    static final Flavor SMALL = new Flavor(1, 512);
    static final String MAC = "fa:16:3e:4c:2c:30";

    static Stream<Arguments> cases() {
        String isoServer = "7b4190b6-efa7-4299-9fbd-23a98a77ac23";
        String isoImage = "f2d3e1f5-6dc8-415c-b1a4-4baf9030ba6a";
        String installVolume = "21324408-e1bf-4028-b81d-9c9173f89ac6";
        DomainSpec isoInstall = layout(isoServer, Optional.of(ImageMeta.of(isoImage, ImageDiskFormat.ISO)),
                List.of(BlockDeviceMapping.volume(installVolume)), NetworkBoot.NEVER);
        DiskDevice iso = isoInstall.disk("hda").orElseThrow();
        return Stream.of(
                Arguments.of("boot-from-image", layout("46f4bb89-446f-45d2-a6d8-70a5b2715906",
                        Optional.of(ImageMeta.of("f80ba429-417d-4ae7-8b4d-855a484f8454", ImageDiskFormat.QCOW2)),
                        List.of(), NetworkBoot.NEVER)),
                Arguments.of("boot-from-volume", layout("2a531f5f-bc3f-42dd-b9d4-6edb4fdb8a3c", Optional.empty(),
                        List.of(BlockDeviceMapping.volume("5b540b6a-3a98-4417-9a86-6df94d9767b7").withBootIndex(0)),
                        NetworkBoot.NEVER)),
                Arguments.of("iso-install", isoInstall),
                Arguments.of("iso-ejected", isoInstall.withReplacedDisk(
                        iso.withSource(new DiskSource.NoMedium()).withBootIndex(null))),
                Arguments.of("iso-install-q35", layout(isoServer, Optional.of(ImageMeta.fromProperties(isoImage,
                                ImageDiskFormat.ISO, Map.of("hw_machine_type", "q35"))),
                        List.of(BlockDeviceMapping.volume(installVolume)), NetworkBoot.NEVER)),
                Arguments.of("boot-from-volume-then-network", layout(isoServer, Optional.empty(),
                        List.of(BlockDeviceMapping.volume(installVolume).withBootIndex(0)),
                        NetworkBoot.AFTER_DISKS)),
                Arguments.of("blank-volume-then-network-boot-file", withBootFile(layout(isoServer, Optional.empty(),
                        List.of(BlockDeviceMapping.volume(installVolume).withBootIndex(0)),
                        NetworkBoot.AFTER_DISKS))),
                Arguments.of("boot-from-image-on-a-port", onPort(layout("9e3f5a8c-1d2b-4c6e-8f70-a1b2c3d4e5f6",
                        Optional.of(ImageMeta.of("f80ba429-417d-4ae7-8b4d-855a484f8454", ImageDiskFormat.QCOW2)),
                        List.of(), NetworkBoot.NEVER))),
                Arguments.of("boot-from-image-with-guest-agent", layout("5c0f6d1e-2b7a-4e39-9a51-8d3c2e1f0b47",
                        Optional.of(ImageMeta.fromProperties("f80ba429-417d-4ae7-8b4d-855a484f8454",
                                ImageDiskFormat.QCOW2, Map.of("hw_qemu_guest_agent", "yes"))),
                        List.of(), NetworkBoot.NEVER)),
                Arguments.of("scsi-image-with-usb-volume", layout("0f6b1a52-9a0e-4c0e-8d0c-3b2b5d0f5a11",
                        Optional.of(ImageMeta.fromProperties("c0b5f2a4-3d1e-4f6a-9b8c-7d6e5f4a3b2c",
                                ImageDiskFormat.RAW, Map.of("hw_disk_bus", "scsi", "hw_cdrom_bus", "sata"))),
                        List.of(BlockDeviceMapping.volume(installVolume).withDiskBus(
                                org.stackbox.virt.DiskBus.USB)), NetworkBoot.NEVER)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void commandLineMatchesTheGoldenFile(String name, DomainSpec spec) throws IOException {
        Path specFile = GOLDEN.resolve(name + ".json");
        Path argumentsFile = GOLDEN.resolve(name + ".args");
        List<String> arguments = QemuCommandLine.build(Path.of("/usr/bin/qemu-system-x86_64"), spec, files(spec),
                RunDirectory.of(Path.of("/var/lib/stackbox/run"), spec.serverId()), Accelerator.TCG);
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(specFile,
                    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(spec) + "\n");
            Files.write(argumentsFile, arguments, StandardCharsets.UTF_8);
        }

        DomainSpec golden = Json.MAPPER.readValue(specFile.toFile(), DomainSpec.class);
        assertThat(golden).as("the layout still makes the golden spec").isEqualTo(spec);
        List<String> goldenArguments = QemuCommandLine.build(Path.of("/usr/bin/qemu-system-x86_64"), golden,
                files(golden), RunDirectory.of(Path.of("/var/lib/stackbox/run"), golden.serverId()), Accelerator.TCG);
        assertThat(goldenArguments).containsExactlyElementsOf(Files.readAllLines(argumentsFile));
    }

    static DomainSpec layout(String serverId, Optional<ImageMeta> image, List<BlockDeviceMapping> mappings,
                             NetworkBoot networkBoot) {
        return BlockDeviceLayout.layout(new LayoutRequest(serverId, SMALL, image, mappings, true, List.of(MAC),
                networkBoot));
    }

    /** The card on the default network's port 10.0.0.3, with the server's SSH forward. */
    static DomainSpec onPort(DomainSpec spec) {
        return spec.withNetworkInterfaces(spec.networkInterfaces().stream()
                .map(card -> card.withUserNetwork(new UserNetwork("10.0.0.0/24", "10.0.0.1", "10.0.0.3", "10.0.0.2",
                        List.of(new HostForward("tcp", "127.0.0.1", 22003, 22)))))
                .toList());
    }

    /** The card on a port whose subnet's TFTP directory holds its boot file (an iPXE script). */
    static DomainSpec withBootFile(DomainSpec spec) {
        return spec.withNetworkInterfaces(spec.networkInterfaces().stream()
                .map(card -> card.withUserNetwork(new UserNetwork("169.254.169.0/24", "169.254.169.1",
                        "169.254.169.2", "169.254.169.253", List.of(),
                        new org.stackbox.virt.Netboot("/var/lib/stackbox/tftp/5ebe2267-6b34-4c9e-a460-5113267099ce",
                                "installer/boot.ipxe"))))
                .toList());
    }

    static DiskFiles files(DomainSpec spec) {
        Map<DiskSource, DiskFile> files = new LinkedHashMap<>();
        for (DiskDevice disk : spec.disks()) {
            if (disk.hasMedium()) {
                boolean raw = disk.source() instanceof DiskSource.ConfigDrive
                        || disk.source() instanceof DiskSource.Image;
                files.put(disk.source(), new DiskFile(Path.of("/var/lib/stackbox/disks", disk.source().name()),
                        raw ? FileFormat.RAW : FileFormat.QCOW2));
            }
        }
        return DiskFiles.of(files);
    }
}
