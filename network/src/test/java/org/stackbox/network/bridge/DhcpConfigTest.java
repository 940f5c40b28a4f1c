package org.stackbox.network.bridge;

import org.junit.jupiter.api.Test;
import org.stackbox.common.net.Ipv4Address;
import org.stackbox.common.net.Ipv4Cidr;
import org.stackbox.network.model.AllocationPool;
import org.stackbox.network.model.DhcpOption;
import org.stackbox.network.model.FixedIp;
import org.stackbox.network.model.HostRoute;
import org.stackbox.network.model.Network;
import org.stackbox.network.model.Port;
import org.stackbox.network.model.PortSecurity;
import org.stackbox.network.model.Subnet;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DhcpConfigTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Network NETWORK = new Network("0f6b3c1e-1111-4222-8333-444455556666", "project", "blue", "",
            true, false, false, 1400, 1, NOW, NOW);
    private static final Subnet BLUE = subnet("aaaaaaaa-0000-4000-8000-000000000001", "10.20.0.0/24", "10.20.0.1",
            true, List.of("10.20.0.53", "10.20.0.54"), List.of(new HostRoute("192.168.99.0/24", "10.20.0.254")));
    private static final Subnet PLAIN = subnet("aaaaaaaa-0000-4000-8000-000000000002", "10.21.0.0/24", "10.21.0.1",
            true, List.of(), List.of());
    private static final Subnet NO_DHCP = subnet("aaaaaaaa-0000-4000-8000-000000000003", "10.22.0.0/24", null,
            false, List.of(), List.of());
    private static final Subnet LINK_LOCAL = subnet("aaaaaaaa-0000-4000-8000-000000000004", "169.254.169.0/24",
            "169.254.169.1", true, List.of(), List.of());
    private static final Port DHCP = port("dddddddd-0000-4000-8000-000000000001", "fa:16:3e:00:00:01", Port.DHCP_OWNER,
            List.of(ip(BLUE, "10.20.0.2"), ip(PLAIN, "10.21.0.2"), ip(LINK_LOCAL, "169.254.169.2")));
    private static final Port GUEST = port("eeeeeeee-0000-4000-8000-000000000001", "fa:16:3e:00:00:02",
            Port.COMPUTE_OWNER, List.of(ip(BLUE, "10.20.0.10"), ip(NO_DHCP, "10.22.0.10")));
    private static final Port OTHER = port("eeeeeeee-0000-4000-8000-000000000002", "fa:16:3e:00:00:03", "",
            List.of(ip(PLAIN, "10.21.0.7")));

    @Test
    void theHostFileGivesEachPortItsFixedIpsOnDhcpSubnetsByMacButNotTheDhcpPort() {
        DhcpConfig config = new DhcpConfig(NETWORK, List.of(BLUE, PLAIN, NO_DHCP), List.of(DHCP, GUEST, OTHER), DHCP);

        assertThat(config.hostsFile()).isEqualTo("""
                fa:16:3e:00:00:02,host-10-20-0-10.openstacklocal,10.20.0.10
                fa:16:3e:00:00:03,host-10-21-0-7.openstacklocal,10.21.0.7
                """);
    }

    @Test
    void aLeaseOfAnAddressTheHostFileNowGivesAnotherMacIsDroppedAndEveryOtherLeaseKept() {
        // 10.20.0.10 was a deleted port's (fa:16:3e:00:00:09) and is now GUEST's; 10.21.0.7 is still OTHER's, in
        // capitals as a client may send it; 10.20.0.11's port is gone and nobody has its address.
        String leases = """
                1796610907 fa:16:3e:00:00:09 10.20.0.10 host-10-20-0-10 01:fa:16:3e:00:00:09
                1796610908 FA:16:3E:00:00:03 10.21.0.7 host-10-21-0-7 *
                1796610909 fa:16:3e:00:00:0a 10.20.0.11 host-10-20-0-11 *
                """;
        String hosts = new DhcpConfig(NETWORK, List.of(BLUE, PLAIN), List.of(DHCP, GUEST, OTHER), DHCP).hostsFile();

        assertThat(DhcpConfig.leasesWithoutConflicts(leases, hosts)).isEqualTo("""
                1796610908 FA:16:3E:00:00:03 10.21.0.7 host-10-21-0-7 *
                1796610909 fa:16:3e:00:00:0a 10.20.0.11 host-10-20-0-11 *
                """);
        // Nothing to drop: the very same text (no restart of dnsmasq for it).
        String own = "1796610907 fa:16:3e:00:00:02 10.20.0.10 host-10-20-0-10 *\n\n";
        assertThat(DhcpConfig.leasesWithoutConflicts(own, hosts)).isSameAs(own);
        assertThat(DhcpConfig.leasesWithoutConflicts("", hosts)).isEmpty();
    }

    @Test
    void optionsGiveDnsServersHostRoutesWithTheMetadataAndDefaultRoutesAndTheGateway() {
        DhcpConfig config = new DhcpConfig(NETWORK, List.of(BLUE, PLAIN, NO_DHCP, LINK_LOCAL), List.of(DHCP), DHCP);

        String blue = "tag:subnet-" + BLUE.id() + ",";
        String plain = "tag:subnet-" + PLAIN.id() + ",";
        String linkLocal = "tag:subnet-" + LINK_LOCAL.id() + ",";
        assertThat(config.optionsFile()).isEqualTo(String.join("\n",
                blue + "option:dns-server,10.20.0.53,10.20.0.54",
                blue + "option:classless-static-route,169.254.169.254/32,10.20.0.2,192.168.99.0/24,10.20.0.254,"
                        + "0.0.0.0/0,10.20.0.1",
                blue + "249,169.254.169.254/32,10.20.0.2,192.168.99.0/24,10.20.0.254,0.0.0.0/0,10.20.0.1",
                blue + "option:router,10.20.0.1",
                plain + "option:classless-static-route,169.254.169.254/32,10.21.0.2,0.0.0.0/0,10.21.0.1",
                plain + "249,169.254.169.254/32,10.21.0.2,0.0.0.0/0,10.21.0.1",
                plain + "option:router,10.21.0.1",
                // The metadata address is on this subnet's own link: no route, and so only the router.
                linkLocal + "option:router,169.254.169.1", ""));
    }

    @Test
    void dnsmasqServesStaticRangesOfTheDhcpSubnetsOnTheBridgeAloneWithTheMtuForced() {
        DhcpConfig config = new DhcpConfig(NETWORK, List.of(BLUE, NO_DHCP), List.of(DHCP), DHCP);

        List<String> command = config.command(Path.of("/data/dhcp/net"));

        assertThat(command).startsWith("dnsmasq").contains("--port=0", "--bind-interfaces",
                "--interface=brq0f6b3c1e-11", "--pid-file=/data/dhcp/net/pid", "--dhcp-hostsfile=/data/dhcp/net/host",
                "--dhcp-optsfile=/data/dhcp/net/opts", "--dhcp-option-force=option:mtu,1400",
                "--dhcp-range=set:subnet-" + BLUE.id() + ",10.20.0.0,static,255.255.255.0,86400s",
                "--dhcp-lease-max=256");
        assertThat(command).noneMatch(argument -> argument.contains("10.22.0.0"));
    }

    @Test
    void aPortWithABootFileIsTaggedToGetItFromDnsmasqsTftpWithItsSubnetsDirectoryAsItsOwnRoot() {
        Port booting = new Port("eeeeeeee-0000-4000-8000-000000000009", NETWORK.id(), "project", "", "",
                "fa:16:3e:00:00:09", true, "device", Port.COMPUTE_OWNER, 0, false, List.of(ip(PLAIN, "10.21.0.9")),
                List.of(), PortSecurity.NONE, List.of(new DhcpOption(DhcpOption.BOOT_FILE, "boot.ipxe", 4)), 1, NOW,
                NOW);
        Path root = Path.of("/data/tftp/" + PLAIN.id());
        DhcpConfig config = new DhcpConfig(NETWORK, List.of(BLUE, PLAIN), List.of(DHCP, GUEST, booting), DHCP,
                Map.of(booting.id(), root));

        assertThat(config.hostsFile()).contains(
                "fa:16:3e:00:00:09,set:port-" + booting.id() + ",host-10-21-0-9.openstacklocal,10.21.0.9\n",
                "fa:16:3e:00:00:02,host-10-20-0-10.openstacklocal,10.20.0.10\n");
        assertThat(config.optionsFile()).contains(
                "tag:port-" + booting.id() + ",option:bootfile-name,boot.ipxe\n",
                "tag:port-" + booting.id() + ",option:server-ip-address,10.21.0.2\n");
        assertThat(config.tftpLinks()).isEqualTo(Map.of("10.21.0.9", root));
        assertThat(config.command(Path.of("/data/dhcp/net")))
                .contains("--enable-tftp", "--tftp-root=/data/dhcp/net/tftp", "--tftp-unique-root=ip");
        assertThat(new DhcpConfig(NETWORK, List.of(BLUE, PLAIN), List.of(DHCP, booting), DHCP).tftpLinks())
                .as("a boot file that left its directory").isEmpty();
    }

    @Test
    void aPortWhoseBootFileIsAUrlIsHandedTheUrlAndNoTftpRoot() {
        String url = "http://169.254.169.254/stackbox/netboot/boot.ipxe";
        Port booting = new Port("eeeeeeee-0000-4000-8000-000000000008", NETWORK.id(), "project", "", "",
                "fa:16:3e:00:00:08", true, "device", Port.COMPUTE_OWNER, 0, false, List.of(ip(BLUE, "10.20.0.8")),
                List.of(), PortSecurity.NONE, List.of(new DhcpOption(DhcpOption.BOOT_FILE, url, 4)), 1, NOW, NOW);
        DhcpConfig config = new DhcpConfig(NETWORK, List.of(BLUE), List.of(DHCP, booting), DHCP);

        assertThat(config.hostsFile()).isEqualTo(
                "fa:16:3e:00:00:08,set:port-" + booting.id() + ",host-10-20-0-8.openstacklocal,10.20.0.8\n");
        assertThat(config.optionsFile()).contains("tag:port-" + booting.id() + ",option:bootfile-name," + url + "\n")
                .doesNotContain("server-ip-address");
        assertThat(config.tftpLinks()).isEmpty();
    }

    @Test
    void aServersPortOnTheMetadataSubnetWithoutABootFileIsHandedItsNetbootScript() {
        Port server = port("eeeeeeee-0000-4000-8000-000000000007", "fa:16:3e:00:00:07", Port.COMPUTE_OWNER,
                List.of(ip(LINK_LOCAL, "169.254.169.7")));
        Port unbound = port("eeeeeeee-0000-4000-8000-000000000006", "fa:16:3e:00:00:06", "",
                List.of(ip(LINK_LOCAL, "169.254.169.6")));
        DhcpConfig config = new DhcpConfig(NETWORK, List.of(LINK_LOCAL), List.of(DHCP, server, unbound), DHCP);

        assertThat(config.optionsFile()).contains("tag:port-" + server.id() + ",option:bootfile-name,"
                + "http://169.254.169.254/stackbox/netboot/boot.ipxe\n").doesNotContain(unbound.id());
        assertThat(config.hostsFile()).contains("fa:16:3e:00:00:07,set:port-" + server.id() + ",")
                .contains("fa:16:3e:00:00:06,host-169-254-169-6");
    }

    private static Subnet subnet(String id, String cidr, String gateway, boolean dhcp, List<String> dns,
                                 List<HostRoute> routes) {
        Ipv4Cidr block = Ipv4Cidr.parse(cidr);
        return new Subnet(id, NETWORK.id(), "project", "", "", block, gateway == null ? null : Ipv4Address.parse(gateway),
                dhcp, List.of(new AllocationPool(block.firstHost(), block.lastHost())), dns, routes, 0, NOW, NOW);
    }

    private static FixedIp ip(Subnet subnet, String address) {
        return new FixedIp(subnet.id(), Ipv4Address.parse(address));
    }

    private static Port port(String id, String mac, String owner, List<FixedIp> fixedIps) {
        return new Port(id, NETWORK.id(), "project", "", "", mac, true, owner.isEmpty() ? "" : "device", owner, 0,
                false, fixedIps, List.of(), PortSecurity.NONE, List.of(), 1, NOW, NOW);
    }
}
