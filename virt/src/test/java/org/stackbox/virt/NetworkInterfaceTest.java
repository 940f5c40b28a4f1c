package org.stackbox.virt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.stackbox.common.Json;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(5)
class NetworkInterfaceTest {
    private static final HostForward SSH = new HostForward("tcp", "127.0.0.1", 22001, 22);

    @Test
    void aUserNetworkKeepsItsAddressesInItsBlockAndApart() {
        assertThatThrownBy(() -> new UserNetwork("10.0.0.0/24", "10.0.0.1", "10.0.1.5", "10.0.0.254", List.of()))
                .hasMessage("10.0.1.5 is not in 10.0.0.0/24");
        assertThatThrownBy(() -> new UserNetwork("10.0.0.0/24", "10.0.0.1", "10.0.0.1", "10.0.0.254", List.of()))
                .hasMessageContaining("must differ");
        assertThatThrownBy(() -> new UserNetwork("10.0.0.5/24", "10.0.0.1", "10.0.0.2", "10.0.0.254", List.of()))
                .hasMessageContaining("host bits");
        assertThatThrownBy(() -> new HostForward("sctp", "127.0.0.1", 22001, 22)).hasMessageContaining("tcp or udp");
        assertThatThrownBy(() -> new HostForward("tcp", "127.0.0.1", 0, 22)).hasMessageContaining("host port");
    }

    @Test
    void aDomainForwardsAHostPortOnce() throws Exception {
        DomainSpec spec = BlockDeviceLayout.layout(new LayoutRequest("server-1", new Flavor(1, 64), java.util.Optional.empty(),
                List.of(BlockDeviceMapping.volume("volume-1").withBootIndex(0)), false, List.of(), NetworkBoot.NEVER));
        NetworkInterface first = new NetworkInterface("fa:16:3e:00:00:01", null,
                new UserNetwork("10.0.0.0/24", "10.0.0.1", "10.0.0.2", "10.0.0.254", List.of(SSH)));
        NetworkInterface second = new NetworkInterface("fa:16:3e:00:00:02", null,
                new UserNetwork("10.0.0.0/24", "10.0.0.1", "10.0.0.3", "10.0.0.254", List.of(SSH)));
        DomainSpec withFirst = spec.withNetworkInterface(first);
        assertThatThrownBy(() -> withFirst.withNetworkInterface(second)).hasMessage("Host port 22001 is forwarded twice");
        assertThat(withFirst.withNetworkInterface(second.withUserNetwork(null)).withoutNetworkInterface(first.macAddress())
                .networkInterfaces()).extracting(NetworkInterface::macAddress).containsExactly("fa:16:3e:00:00:02");

        DomainSpec read = Json.MAPPER.readValue(Json.write(withFirst), DomainSpec.class);
        assertThat(read).isEqualTo(withFirst);
        assertThat(Json.MAPPER.readValue("{\"macAddress\": \"fa:16:3e:00:00:01\"}", NetworkInterface.class))
                .as("definitions written before cards had networks still read").isEqualTo(
                        new NetworkInterface("fa:16:3e:00:00:01", null));
    }
}
