package org.stackbox.server;

import org.stackbox.compute.AuditPeriod;
import org.stackbox.database.DatabaseUrl;
import org.stackbox.network.NetworkConfig;
import org.stackbox.virt.qemu.AcceleratorPolicy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * Everything {@code serve} was told, typed. The {@code parse...} methods turn an option's text into its value and
 * name the option when the text is wrong, so a bad value stops {@code serve} before it starts anything.
 *
 * @param qemu the QEMU system emulator that runs the servers
 * @param accelerator KVM or TCG, or {@code AUTO}: KVM where it really works here
 * @param forwardPorts the host ports that forwards to guests (such as each server's SSH forward) take
 * @param networkMode user-mode networks per card, or bridged networks (see {@link NetworkMode})
 * @param usageAuditPeriod the period of the instance usage audit (Nova's {@code instance_usage_audit_period})
 */
record CloudConfig(ListenAddress listen, String publicUrl, DatabaseUrl database, Duration tokenLifetime,
                   Duration consoleTokenLifetime, Path qemu, AcceleratorPolicy accelerator, PortRange forwardPorts,
                   NetworkMode networkMode, AuditPeriod usageAuditPeriod) {
    static final String DEFAULT_QEMU = "/usr/bin/qemu-system-x86_64";

    CloudConfig {
        requireNonNull(listen, "listen is null");
        requireNonNull(publicUrl, "publicUrl is null");
        requireNonNull(database, "database is null");
        requireNonNull(tokenLifetime, "tokenLifetime is null");
        if (tokenLifetime.isNegative() || tokenLifetime.isZero()) {
            throw new IllegalArgumentException("the token lifetime must be positive");
        }
        requireNonNull(consoleTokenLifetime, "consoleTokenLifetime is null");
        if (consoleTokenLifetime.isNegative() || consoleTokenLifetime.isZero()) {
            throw new IllegalArgumentException("the console token lifetime must be positive");
        }
        requireNonNull(qemu, "qemu is null");
        if (!qemu.isAbsolute()) {
            throw new IllegalArgumentException("the QEMU path must be absolute: " + qemu);
        }
        requireNonNull(accelerator, "accelerator is null");
        requireNonNull(forwardPorts, "forwardPorts is null");
        requireNonNull(networkMode, "networkMode is null");
        requireNonNull(usageAuditPeriod, "usageAuditPeriod is null");
    }

    CloudConfig(ListenAddress listen, String publicUrl, DatabaseUrl database, Duration tokenLifetime,
                Duration consoleTokenLifetime, Path qemu, AcceleratorPolicy accelerator, PortRange forwardPorts,
                NetworkMode networkMode) {
        this(listen, publicUrl, database, tokenLifetime, consoleTokenLifetime, qemu, accelerator, forwardPorts,
                networkMode, AuditPeriod.monthly());
    }

    CloudConfig(ListenAddress listen, String publicUrl, DatabaseUrl database, Duration tokenLifetime,
                Duration consoleTokenLifetime, Path qemu, AcceleratorPolicy accelerator, PortRange forwardPorts) {
        this(listen, publicUrl, database, tokenLifetime, consoleTokenLifetime, qemu, accelerator, forwardPorts,
                NetworkMode.USER);
    }

    String identityUrl() {
        return publicUrl + "/identity";
    }

    /** The network service's settings: its defaults with this configuration's forward ports. */
    NetworkConfig network() {
        return NetworkConfig.defaults().withForwardPorts(forwardPorts.first(), forwardPorts.last());
    }

    /** {@code --instance-usage-audit-period hour|day|month|year[@offset]}, Nova's notation. */
    static AuditPeriod parseAuditPeriod(String value) {
        try {
            return AuditPeriod.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--instance-usage-audit-period: " + e.getMessage());
        }
    }

    /**
     * {@code --qemu PATH}: absent means {@value #DEFAULT_QEMU}, unchecked, so that a host without QEMU still serves
     * identity, images and volumes; a path given must be an executable file.
     */
    static Path parseQemu(String value) {
        if (value == null) {
            return Path.of(DEFAULT_QEMU);
        }
        Path path = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
            throw new IllegalArgumentException("--qemu takes the path of QEMU's system emulator, e.g. " + DEFAULT_QEMU
                    + "; '%s' is not an executable file".formatted(value));
        }
        return path;
    }

    /** {@code --accelerator auto|kvm|tcg}, in either case; empty means auto, as an empty variable did. */
    static AcceleratorPolicy parseAccelerator(String value) {
        if (value == null || value.isBlank()) {
            return AcceleratorPolicy.AUTO;
        }
        try {
            return AcceleratorPolicy.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--accelerator (or STACKBOX_ACCELERATOR) takes auto, kvm or tcg, not '%s'".formatted(value));
        }
    }

    /** {@code --forward-ports FIRST-LAST}; empty means the network service's default range. */
    static PortRange parseForwardPorts(String value) {
        if (value == null || value.isBlank()) {
            NetworkConfig defaults = NetworkConfig.defaults();
            return new PortRange(defaults.firstForwardPort(), defaults.lastForwardPort());
        }
        String[] ends = value.strip().split("-", -1);
        try {
            if (ends.length != 2) {
                throw new NumberFormatException();
            }
            return new PortRange(Integer.parseInt(ends[0].strip()), Integer.parseInt(ends[1].strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(("--forward-ports (or STACKBOX_FORWARD_PORTS) takes FIRST-LAST within"
                    + " 1-65535, e.g. 22000-22999, not '%s'").formatted(value));
        }
    }
}
