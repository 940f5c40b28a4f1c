package org.stackbox.network.spi;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A port of a server, with what its card needs: the MAC address, and how the card's own user-mode network is
 * addressed so that the guest's DHCP lease is the port's first fixed IP.
 *
 * @param addressing empty for a port without an address (the card gets the hypervisor's defaults)
 * @param forwards host ports that reach the guest through this port
 * @param securityGroups the names of the port's security groups, as Nova shows a server's
 * @param tapDevice on a bridged network, the tap device the network service made for the card (on the network's
 *     bridge, in its namespace); empty on a user-mode network
 * @param bootFile what a guest booting from the network through this port is given, if anything
 */
public record ServerPort(String portId, String networkId, String networkName, String macAddress,
                         List<Address> fixedIps, Optional<Addressing> addressing, List<Forward> forwards,
                         List<String> securityGroups, Optional<String> tapDevice, Optional<BootFile> bootFile) {
    /**
     * The boot script of a server that boots images of the image service from the network: the metadata service
     * answers it, and the files it names, for each server on its own socket. A guest reaches it from a network that
     * holds the metadata address.
     */
    public static final String NETBOOT_SCRIPT_URL = "http://169.254.169.254/stackbox/netboot/boot.ipxe";

    public ServerPort {
        requireNonNull(tapDevice, "tapDevice is null");
        requireNonNull(portId, "portId is null");
        requireNonNull(networkId, "networkId is null");
        requireNonNull(networkName, "networkName is null");
        requireNonNull(macAddress, "macAddress is null");
        fixedIps = List.copyOf(fixedIps);
        requireNonNull(addressing, "addressing is null");
        forwards = List.copyOf(forwards);
        securityGroups = List.copyOf(securityGroups);
        requireNonNull(bootFile, "bootFile is null");
    }

    /** A port on a user-mode network that gives no boot file. */
    public ServerPort(String portId, String networkId, String networkName, String macAddress, List<Address> fixedIps,
                      Optional<Addressing> addressing, List<Forward> forwards, List<String> securityGroups) {
        this(portId, networkId, networkName, macAddress, fixedIps, addressing, forwards, securityGroups,
                Optional.empty(), Optional.empty());
    }

    /**
     * The port's boot file ({@code extra_dhcp_opts} {@code bootfile-name}): a file in its subnet's TFTP directory, or
     * an {@code http://} URL that the guest's iPXE fetches itself.
     *
     * @param tftpRoot the absolute path of the directory, or {@code null} for a URL
     * @param name the file, relative to the directory and inside it; or the URL
     */
    public record BootFile(String tftpRoot, String name) {
        public BootFile {
            requireNonNull(name, "name is null");
        }
    }

    public record Address(String subnetId, String ipAddress) {
        public Address {
            requireNonNull(subnetId, "subnetId is null");
            requireNonNull(ipAddress, "ipAddress is null");
        }
    }

    /**
     * The card's network: the subnet's block, the gateway (the host), the guest's address and a DNS address, all
     * in the block and all different.
     */
    public record Addressing(String cidr, String gateway, String guestAddress, String dnsAddress) {
        public Addressing {
            requireNonNull(cidr, "cidr is null");
            requireNonNull(gateway, "gateway is null");
            requireNonNull(guestAddress, "guestAddress is null");
            requireNonNull(dnsAddress, "dnsAddress is null");
        }
    }

    public record Forward(String protocol, String hostAddress, int hostPort, int guestPort) {
        public Forward {
            requireNonNull(protocol, "protocol is null");
            requireNonNull(hostAddress, "hostAddress is null");
        }
    }
}
