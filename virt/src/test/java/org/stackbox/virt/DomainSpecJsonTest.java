package org.stackbox.virt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.stackbox.common.Json;

import java.util.List;
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
}
