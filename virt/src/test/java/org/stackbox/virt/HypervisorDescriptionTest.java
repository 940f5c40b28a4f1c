package org.stackbox.virt;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** QEMU's version as libvirt encodes it for Nova's hypervisor_version. */
class HypervisorDescriptionTest {
    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"7.2.15, 7002015", "8.0.0, 8000000", "10.1, 10001000", "7.2.15+dfsg, 7002015", "not a version, 0"})
    void encodesAsLibvirtDoes(String version, long encoded) {
        assertThat(HypervisorDescription.encode(version)).isEqualTo(encoded);
    }
}
