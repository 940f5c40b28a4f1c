package org.stackbox.network.model;

import static java.util.Objects.requireNonNull;

/**
 * One of a port's extra DHCP options (Neutron's {@code extra_dhcp_opt} extension), e.g. {@code bootfile-name}.
 *
 * @param ipVersion 4 or 6: the DHCP the option is for
 */
public record DhcpOption(String name, String value, int ipVersion) {
    /** The boot file a guest booting from the port asks TFTP for (DHCP option 67). */
    public static final String BOOT_FILE = "bootfile-name";

    public DhcpOption {
        requireNonNull(name, "name is null");
        requireNonNull(value, "value is null");
        if (ipVersion != 4 && ipVersion != 6) {
            throw new IllegalArgumentException("ipVersion is 4 or 6: " + ipVersion);
        }
    }
}
