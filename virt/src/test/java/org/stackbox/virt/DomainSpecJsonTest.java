package org.stackbox.virt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stackbox.common.Json;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A domain spec converts to JSON and back to an equal value (the form kept beside a running domain). */
@Timeout(10)
class DomainSpecJsonTest {
    @Test
    void roundTrips() throws Exception {
        DomainSpec spec = BlockDeviceLayout.layout(BlockDeviceLayoutTest.request(BlockDeviceLayoutTest.ISO_SERVER,
                Optional.of(ImageMeta.of(BlockDeviceLayoutTest.ISO_IMAGE, ImageDiskFormat.ISO)),
                List.of(BlockDeviceMapping.volume(BlockDeviceLayoutTest.INSTALL_VOLUME))));
        DomainSpec ejected = spec.withReplacedDisk(spec.disk("hda").orElseThrow()
                .withSource(new DiskSource.NoMedium()).withBootIndex(null));

        for (DomainSpec value : List.of(spec, ejected)) {
            String json = Json.write(value);
            assertThat(Json.MAPPER.readValue(json, DomainSpec.class)).isEqualTo(value);
        }
        assertThat(Json.write(ejected)).contains("\"kind\":\"no-medium\"").doesNotContain("\"bootIndex\":null");
    }

    /** A spec kept before the guest agent existed reads as a domain without the agent's channel. */
    @Test
    void aSpecKeptWithoutTheGuestAgentFieldHasNone() throws Exception {
        DomainSpec spec = BlockDeviceLayout.layout(BlockDeviceLayoutTest.request(BlockDeviceLayoutTest.ISO_SERVER,
                Optional.of(ImageMeta.fromProperties(BlockDeviceLayoutTest.ISO_IMAGE, ImageDiskFormat.ISO,
                        Map.of("hw_qemu_guest_agent", "yes"))),
                List.of(BlockDeviceMapping.volume(BlockDeviceLayoutTest.INSTALL_VOLUME))));
        assertThat(spec.guestAgent()).isTrue();
        String old = Json.write(spec).replace(",\"guestAgent\":true", "");
        assertThat(old).doesNotContain("guestAgent");
        assertThat(Json.MAPPER.readValue(old, DomainSpec.class).guestAgent()).isFalse();
    }

    /** {@code hw_qemu_guest_agent} as Nova's flexible boolean reads it: oslo's true spellings, anything else false. */
    @ParameterizedTest
    @CsvSource({"yes, true", "YES, true", "true, true", "True, true", "1, true", "on, true", "y, true", "t, true",
            "' yes ', true", "no, false", "false, false", "0, false", "enabled, false", "'', false"})
    void theGuestAgentPropertyIsAFlexibleBoolean(String value, boolean enabled) {
        assertThat(ImageMeta.fromProperties(BlockDeviceLayoutTest.ISO_IMAGE, ImageDiskFormat.ISO,
                Map.of("hw_qemu_guest_agent", value)).guestAgent()).as(value).isEqualTo(enabled);
        assertThat(ImageMeta.fromProperties(BlockDeviceLayoutTest.ISO_IMAGE, ImageDiskFormat.ISO, Map.of())
                .guestAgent()).isFalse();
    }
}
