package org.stackbox.virt;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.nio.file.Path;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * What a card's own network hands a guest that boots from it (PXE): the boot file its DHCP answer names, served by
 * TFTP from a directory of the host that the network service keeps for the card's subnet. The network service has
 * checked the name (relative, no {@code ..}, inside the directory once links are followed); this record checks the
 * name's form again, as the driver passes both to the hypervisor as they are.
 *
 * @param tftpRoot the absolute path of the subnet's TFTP directory, or {@code null} when the boot file is an HTTP URL
 * @param bootFile the file to boot, relative to {@code tftpRoot}; or, without one, an {@code http://} URL (iPXE
 *     fetches it over HTTP)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Netboot(String tftpRoot, String bootFile) {
    /** What fits DHCP's 128-byte file field and QEMU's option parser: no commas, spaces or control characters. */
    private static final Pattern HTTP_URL = Pattern.compile(
            "http://[A-Za-z0-9.:\\[\\]-]+(/[A-Za-z0-9._~%!$&'()*+;=:@/?-]*)?");

    public Netboot {
        requireNonNull(bootFile, "bootFile is null");
        if (tftpRoot == null) {
            if (bootFile.length() > 127 || !HTTP_URL.matcher(bootFile).matches()) {
                throw new IllegalArgumentException("Not an HTTP URL for a boot file: " + bootFile);
            }
        } else if (!Path.of(tftpRoot).isAbsolute()) {
            throw new IllegalArgumentException("The TFTP root must be absolute: " + tftpRoot);
        }
        if (tftpRoot != null && !isSafeName(bootFile)) {
            throw new IllegalArgumentException("Not a boot file name inside the TFTP root: " + bootFile);
        }
    }

    /**
     * Whether {@code name} is a relative path of plain names: not empty, not absolute, no {@code .} or {@code ..}
     * part, no empty part, nothing that a shell or QEMU's option parser reads (commas, control characters).
     */
    public static boolean isSafeName(String name) {
        if (name == null || name.isEmpty() || name.length() > 255 || name.startsWith("/") || name.endsWith("/")) {
            return false;
        }
        for (String part : name.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return false;
            }
        }
        return name.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ',' && c != '\\');
    }
}
