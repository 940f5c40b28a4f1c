package org.stackbox.virt.qemu;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(10)
class MetadataForwardTest {
    private static final Path SOCKET = Path.of("/var/lib/stackbox/run/46f4bb89/meta.sock");

    @ParameterizedTest(name = "{1} in {0}: {2}")
    @CsvSource({
            "169.254.169.0/24, 169.254.169.254, true",
            "169.254.0.0/16, 169.254.169.254, true",
            "10.0.2.0/24, 169.254.169.254, false",
            "192.168.0.0/16, 169.254.169.254, false",
            "0.0.0.0/0, 169.254.169.254, true",
            "169.254.169.254/32, 169.254.169.254, true",
            "169.254.169.255/32, 169.254.169.254, false",
    })
    void containment(String network, String address, boolean expected) {
        assertThat(MetadataForward.contains(network, address)).isEqualTo(expected);
    }

    @Test
    void forwardsTheMetadataAddressToTheSocketWithoutShellOrMessages() {
        assertThat(MetadataForward.rule("169.254.169.0/24", SOCKET)).contains(
                "tcp:169.254.169.254:80-cmd:socat -lf /dev/null STDIO 'UNIX-CONNECT:/var/lib/stackbox/run/46f4bb89/meta.sock'");
    }

    @Test
    void quotesAPathWithQuotesAndSpaces() {
        assertThat(MetadataForward.rule("169.254.169.0/24", Path.of("/home/a b/it's/meta.sock")).orElseThrow())
                .endsWith("'UNIX-CONNECT:/home/a b/it'\\''s/meta.sock'");
    }

    @Test
    void aNetworkWithoutTheAddressGetsNoForwardBecauseQemuWouldRefuseIt() {
        assertThat(MetadataForward.rule("10.0.0.0/24", SOCKET)).isEmpty();
    }

    @Test
    void refusesWhatIsNotACidr() {
        assertThatThrownBy(() -> MetadataForward.contains("10.0.0.0", "10.0.0.1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MetadataForward.contains("10.0.0.0/33", "10.0.0.1"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
