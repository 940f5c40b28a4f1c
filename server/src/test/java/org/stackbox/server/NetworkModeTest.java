package org.stackbox.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkModeTest {
    @Test
    void userUnlessBridgedIsAskedForInEitherCase() {
        assertThat(NetworkMode.parse(null)).isEqualTo(NetworkMode.USER);
        assertThat(NetworkMode.parse(" ")).isEqualTo(NetworkMode.USER);
        assertThat(NetworkMode.parse("user")).isEqualTo(NetworkMode.USER);
        assertThat(NetworkMode.parse("Bridged")).isEqualTo(NetworkMode.BRIDGED);
        assertThatThrownBy(() -> NetworkMode.parse("nat")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--network-mode (or STACKBOX_NETWORK_MODE) takes user or bridged, not 'nat'");
    }
}
