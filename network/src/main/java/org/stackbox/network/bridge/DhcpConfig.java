package org.stackbox.network.bridge;

import org.stackbox.common.net.Ipv4Address;
import org.stackbox.network.Ipam;
import org.stackbox.network.TftpRoots;
import org.stackbox.network.spi.ServerPort;
import org.stackbox.network.model.FixedIp;
import org.stackbox.network.model.HostRoute;
import org.stackbox.network.model.Network;
import org.stackbox.network.model.Port;
import org.stackbox.network.model.Subnet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * What one network's dnsmasq is told, as pure text, in the shape Neutron's DHCP agent writes it
 * ({@code neutron/agent/linux/dhcp.py}): a {@code static} range per DHCP subnet, so dnsmasq answers only the MAC
 * addresses of its host file and hands each exactly its port's fixed IP (its leases never decide an address); an
 * options file per subnet with the gateway, {@code dns_nameservers} and {@code host_routes} (option 121 and
 * Microsoft's 249, the default route added since a client given option 121 ignores option 3), and the route to the
 * metadata service through the DHCP port; the network's MTU forced (option 26, which clients seldom ask for). The
 * DNS server is off ({@code --port=0}): the namespace has no way out to resolve names.
 * <p>A port with a boot file (extra_dhcp_opts {@code bootfile-name}) is tagged in the host file, as Neutron does, and
 * its options name the file and dnsmasq itself as the TFTP server. dnsmasq's TFTP root is a directory of links, one
 * per such port's address to its subnet's TFTP directory, and each client's root is the link of its own address
 * ({@code --tftp-unique-root=ip}): a guest reads only its own subnet's files (its address is what anti-spoofing
 * keeps), an address without a link reads nothing, and dnsmasq refuses {@code ..} and links out of the root.
 *
 * @param dhcpPort the network's {@code network:dhcp} port, whose addresses the bridge carries
 * @param bootRoots the TFTP directory of each port (by id) that boots from a file, its boot file checked inside it
 */
public record DhcpConfig(Network network, List<Subnet> subnets, List<Port> ports, Port dhcpPort,
                         Map<String, Path> bootRoots) {
    static final String DOMAIN = "openstacklocal";
    static final long LEASE_SECONDS = 86400;
    static final String TFTP_LINKS = "tftp";

    public DhcpConfig {
        requireNonNull(network, "network is null");
        subnets = subnets.stream().filter(Subnet::enableDhcp).toList();
        ports = List.copyOf(ports);
        requireNonNull(dhcpPort, "dhcpPort is null");
        bootRoots = Map.copyOf(bootRoots);
    }

    public DhcpConfig(Network network, List<Subnet> subnets, List<Port> ports, Port dhcpPort) {
        this(network, subnets, ports, dhcpPort, Map.of());
    }

    /** {@code MAC,host-A-B-C-D,A.B.C.D} per fixed IP on a DHCP subnet, for every port but the DHCP port. */
    public String hostsFile() {
        Map<String, Subnet> byId = subnets.stream().collect(Collectors.toMap(Subnet::id, subnet -> subnet));
        Set<String> booting = bootPorts().stream().map(Port::id).collect(Collectors.toSet());
        StringBuilder text = new StringBuilder();
        for (Port port : ports) {
            if (port.id().equals(dhcpPort.id())) {
                continue;
            }
            for (FixedIp ip : port.fixedIps()) {
                if (byId.containsKey(ip.subnetId())) {
                    text.append(port.macAddress()).append(',');
                    if (booting.contains(port.id())) {
                        text.append("set:").append(portTag(port)).append(',');
                    }
                    text.append(hostname(ip.address())).append('.')
                            .append(DOMAIN).append(',').append(ip.address()).append('\n');
                }
            }
        }
        return text.toString();
    }

    /**
     * dnsmasq's lease file ({@code EXPIRY MAC IP HOSTNAME CLIENT-ID} a line) without the leases of addresses that
     * {@code hostsFile} now gives another MAC address: the lease of a deleted port, whose fixed IP a new port has.
     * dnsmasq keeps a lease until it expires (a day) and meanwhile refuses the address to the port that has it now
     * ("not using configured address ... because it is leased to ..."), so that port's guest gets no answer;
     * Neutron's DHCP agent releases a deleted port's lease ({@code dhcp_release}). Every other line is kept as it is.
     */
    static String leasesWithoutConflicts(String leases, String hostsFile) {
        Map<String, String> macByAddress = new TreeMap<>();
        for (String line : hostsFile.split("\n")) {
            String[] fields = line.strip().split(",");
            if (fields.length >= 2) {
                macByAddress.put(fields[fields.length - 1], fields[0].toLowerCase(java.util.Locale.ROOT));
            }
        }
        StringBuilder kept = new StringBuilder();
        boolean dropped = false;
        for (String line : leases.split("\n")) {
            String[] fields = line.strip().split("\\s+");
            String configured = fields.length >= 3 ? macByAddress.get(fields[2]) : null;
            if (configured != null && !configured.equals(fields[1].toLowerCase(java.util.Locale.ROOT))) {
                dropped = true;
            } else if (!line.isEmpty()) {
                kept.append(line).append('\n');
            }
        }
        return dropped ? kept.toString() : leases;
    }

    /** Per subnet: {@code tag:subnet-ID,option:NAME,VALUES}. */
    public String optionsFile() {
        StringBuilder text = new StringBuilder();
        for (Subnet subnet : subnets) {
            String tag = "tag:" + tag(subnet) + ",";
            if (!subnet.dnsNameservers().isEmpty()) {
                text.append(tag).append("option:dns-server,").append(String.join(",", subnet.dnsNameservers()))
                        .append('\n');
            }
            List<String> routes = classlessRoutes(subnet);
            if (!routes.isEmpty()) {
                String joined = String.join(",", routes);
                text.append(tag).append("option:classless-static-route,").append(joined).append('\n');
                text.append(tag).append("249,").append(joined).append('\n');
            }
            if (subnet.gateway() != null) {
                text.append(tag).append("option:router,").append(subnet.gateway()).append('\n');
            }
        }
        for (Port port : bootPorts()) {
            FixedIp ip = port.fixedIps().get(0);
            String tag = "tag:" + portTag(port) + ",";
            String bootFile = bootFile(port).orElseThrow();
            text.append(tag).append("option:bootfile-name,").append(bootFile).append('\n');
            if (TftpRoots.isUrl(bootFile)) {
                continue;
            }
            subnets.stream().filter(subnet -> subnet.id().equals(ip.subnetId())).findFirst()
                    .flatMap(this::serverAddress)
                    .ifPresent(server -> text.append(tag).append("option:server-ip-address,").append(server)
                            .append('\n'));
        }
        return text.toString();
    }

    /**
     * The port's own boot file; without one, a server's port on a subnet that holds the metadata address gets the
     * script of its server's netboot of images (the metadata service answers 404 for a server that asks none).
     */
    private Optional<String> bootFile(Port port) {
        if (port.bootFile().isPresent() || !port.usedByServer() || port.fixedIps().isEmpty()) {
            return port.bootFile();
        }
        String subnetId = port.fixedIps().get(0).subnetId();
        return subnets.stream().filter(subnet -> subnet.id().equals(subnetId)
                        && subnet.cidr().contains(Ipam.METADATA_ADDRESS)).findFirst()
                .map(subnet -> ServerPort.NETBOOT_SCRIPT_URL);
    }

    /** The TFTP root of each address that boots from a file: its port's subnet's TFTP directory. */
    public Map<String, Path> tftpLinks() {
        Map<String, Path> links = new TreeMap<>();
        for (Port port : bootPorts()) {
            if (bootRoots.containsKey(port.id())) {
                links.put(port.fixedIps().get(0).address().toString(), bootRoots.get(port.id()));
            }
        }
        return links;
    }

    /**
     * The ports with a boot file (a URL, or a file in their TFTP directory), whose first fixed IP (the boot file's
     * subnet) is on a DHCP subnet.
     */
    private List<Port> bootPorts() {
        return ports.stream().filter(port -> bootFile(port).isPresent()
                        && (bootRoots.containsKey(port.id()) || TftpRoots.isUrl(bootFile(port).get()))
                        && !port.fixedIps().isEmpty()
                        && subnets.stream().anyMatch(s -> s.id().equals(port.fixedIps().get(0).subnetId())))
                .toList();
    }

    /** dnsmasq's arguments, its files in {@code directory}, listening on the network's bridge only. */
    public List<String> command(Path directory) {
        List<String> command = new ArrayList<>(List.of("dnsmasq", "--no-hosts", "--no-resolv", "--port=0",
                "--user=root", "--conf-file=/dev/null",
                "--pid-file=" + directory.resolve("pid"),
                "--dhcp-hostsfile=" + directory.resolve("host"),
                "--dhcp-optsfile=" + directory.resolve("opts"),
                "--dhcp-leasefile=" + directory.resolve("leases"),
                "--log-facility=" + directory.resolve("log"),
                "--log-dhcp",
                "--enable-tftp", "--tftp-root=" + directory.resolve(TFTP_LINKS), "--tftp-unique-root=ip",
                "--bind-interfaces", "--interface=" + LinkNames.bridge(network.id()), "--except-interface=lo",
                "--domain=" + DOMAIN, "--dhcp-authoritative",
                "--dhcp-option-force=option:mtu," + network.mtu()));
        long leases = 0;
        for (Subnet subnet : subnets) {
            command.add("--dhcp-range=set:%s,%s,static,%s,%ds".formatted(tag(subnet), subnet.cidr().network(),
                    subnet.cidr().netmask(), LEASE_SECONDS));
            leases += subnet.cidr().size();
        }
        command.add("--dhcp-lease-max=" + Math.max(leases, 1));
        return List.copyOf(command);
    }

    /** The DHCP port's address on the subnet: where the guests reach DHCP and the metadata proxy. */
    public Optional<Ipv4Address> serverAddress(Subnet subnet) {
        return dhcpPort.fixedIps().stream().filter(ip -> ip.subnetId().equals(subnet.id())).map(FixedIp::address)
                .findFirst();
    }

    private List<String> classlessRoutes(Subnet subnet) {
        List<String> routes = new ArrayList<>();
        Optional<Ipv4Address> server = serverAddress(subnet);
        if (server.isPresent() && !subnet.cidr().contains(Ipam.METADATA_ADDRESS)) {
            routes.add(Ipam.METADATA_ADDRESS + "/32");
            routes.add(server.get().toString());
        }
        for (HostRoute route : subnet.hostRoutes()) {
            routes.add(route.destination());
            routes.add(route.nexthop());
        }
        if (!routes.isEmpty() && subnet.gateway() != null) {
            routes.add("0.0.0.0/0");
            routes.add(subnet.gateway().toString());
        }
        return routes;
    }

    static String tag(Subnet subnet) {
        return "subnet-" + subnet.id();
    }

    static String portTag(Port port) {
        return "port-" + port.id();
    }

    static String hostname(Ipv4Address address) {
        return "host-" + address.toString().replace('.', '-');
    }
}
