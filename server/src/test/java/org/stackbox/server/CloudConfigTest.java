package org.stackbox.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbox.database.DatabaseUrl;
import org.stackbox.network.NetworkConfig;
import org.stackbox.virt.qemu.AcceleratorPolicy;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The options of {@code serve} that become typed configuration, and the errors that name a bad one. */
class CloudConfigTest {
    @TempDir
    Path directory;

    @Test
    void acceleratorIsAutoKvmOrTcgInEitherCaseAndEmptyMeansAuto() {
        assertThat(CloudConfig.parseAccelerator("auto")).isEqualTo(AcceleratorPolicy.AUTO);
        assertThat(CloudConfig.parseAccelerator("kvm")).isEqualTo(AcceleratorPolicy.KVM);
        assertThat(CloudConfig.parseAccelerator("TCG")).isEqualTo(AcceleratorPolicy.TCG);
        assertThat(CloudConfig.parseAccelerator(" tcg ")).isEqualTo(AcceleratorPolicy.TCG);
        assertThat(CloudConfig.parseAccelerator("")).isEqualTo(AcceleratorPolicy.AUTO);
        assertThat(CloudConfig.parseAccelerator(null)).isEqualTo(AcceleratorPolicy.AUTO);
    }

    @Test
    void anUnknownAcceleratorNamesTheOptionAndTheChoices() {
        assertThatThrownBy(() -> CloudConfig.parseAccelerator("hvf"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--accelerator (or STACKBOX_ACCELERATOR) takes auto, kvm or tcg, not 'hvf'");
    }

    @Test
    void theUsageAuditPeriodIsNovasNotationAndABadOneNamesTheOption() {
        assertThat(CloudConfig.parseAuditPeriod("month")).isEqualTo(org.stackbox.compute.AuditPeriod.monthly());
        assertThat(CloudConfig.parseAuditPeriod("day@18").toString()).isEqualTo("day@18");
        assertThatThrownBy(() -> CloudConfig.parseAuditPeriod("fortnight"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--instance-usage-audit-period: An audit period is hour, day, month or year, not fortnight");
    }

    @Test
    void forwardPortsAreFirstToLastAndEmptyMeansTheNetworkDefaults() {
        assertThat(CloudConfig.parseForwardPorts("30000-30099")).isEqualTo(new PortRange(30000, 30099));
        assertThat(CloudConfig.parseForwardPorts(" 2200 - 2200 ")).isEqualTo(new PortRange(2200, 2200));
        NetworkConfig defaults = NetworkConfig.defaults();
        PortRange defaultRange = new PortRange(defaults.firstForwardPort(), defaults.lastForwardPort());
        assertThat(CloudConfig.parseForwardPorts(null)).isEqualTo(defaultRange);
        assertThat(CloudConfig.parseForwardPorts("  ")).isEqualTo(defaultRange);
    }

    @Test
    void badForwardPortsNameTheOption() {
        for (String bad : new String[] {"22000", "22000-", "-22999", "a-b", "1-2-3", "22999-22000", "0-10",
                "60000-70000"}) {
            assertThatThrownBy(() -> CloudConfig.parseForwardPorts(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--forward-ports (or STACKBOX_FORWARD_PORTS) takes FIRST-LAST within 1-65535,"
                            + " e.g. 22000-22999, not '" + bad + "'");
        }
    }

    @Test
    void qemuIsTheDefaultUncheckedOrAnExecutableFileMadeAbsolute() throws IOException {
        assertThat(CloudConfig.parseQemu(null)).isEqualTo(Path.of("/usr/bin/qemu-system-x86_64"));
        Path emulator = Files.createFile(directory.resolve("qemu-system-x86_64"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        assertThat(CloudConfig.parseQemu(emulator.toString())).isEqualTo(emulator);
        Path relative = Path.of("").toAbsolutePath().relativize(emulator);
        assertThat(CloudConfig.parseQemu(relative.toString())).isEqualTo(emulator);
    }

    @Test
    void aQemuThatIsMissingADirectoryOrNotExecutableNamesTheOption() throws IOException {
        Path plain = Files.createFile(directory.resolve("not-executable"));
        for (Path bad : new Path[] {directory.resolve("missing"), directory, plain}) {
            assertThatThrownBy(() -> CloudConfig.parseQemu(bad.toString()))
                    .as(bad.toString())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--qemu takes the path of QEMU's system emulator, e.g. /usr/bin/qemu-system-x86_64;"
                            + " '" + bad + "' is not an executable file");
        }
    }

    @Test
    void theNetworkSettingsTakeTheForwardPorts() {
        CloudConfig config = new CloudConfig(ListenAddress.parse("127.0.0.1:8700"), "http://127.0.0.1:8700",
                DatabaseUrl.sqlite(directory.resolve("stackbox.db")), Duration.ofHours(1), Duration.ofMinutes(10),
                Path.of(CloudConfig.DEFAULT_QEMU), AcceleratorPolicy.TCG, new PortRange(30000, 30099));

        assertThat(config.network()).isEqualTo(NetworkConfig.defaults().withForwardPorts(30000, 30099));
        assertThat(config.network().firstForwardPort()).isEqualTo(30000);
        assertThat(config.network().lastForwardPort()).isEqualTo(30099);
    }

    @Test
    void aRelativeQemuPathIsRefused() {
        assertThatThrownBy(() -> new CloudConfig(ListenAddress.parse("127.0.0.1:8700"), "http://127.0.0.1:8700",
                DatabaseUrl.sqlite(directory.resolve("stackbox.db")), Duration.ofHours(1), Duration.ofMinutes(10),
                Path.of("qemu-system-x86_64"), AcceleratorPolicy.AUTO, new PortRange(22000, 22999)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serveStopsOnABadOptionBeforeItOpensTheDataDirectory() {
        Path dataDirectory = directory.resolve("data");
        StringWriter errors = new StringWriter();
        Exception[] failure = new Exception[1];
        int exitCode = new CommandLine(new ServeCommand(() -> {
            throw new AssertionError("no admin password is made");
        }))
                .setErr(new PrintWriter(errors, true))
                .setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
                    failure[0] = exception;
                    return 2;
                })
                .execute("--data-dir", dataDirectory.toString(), "--forward-ports", "22999-22000");

        assertThat(exitCode).isEqualTo(2);
        assertThat(failure[0]).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--forward-ports");
        assertThat(dataDirectory).doesNotExist();
    }
}
