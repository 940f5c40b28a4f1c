package org.stackbox.compute;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.stackbox.common.ServiceException;
import org.stackbox.compute.model.ComputeFlavor;
import org.stackbox.image.spi.DiskFormat;
import org.stackbox.image.spi.ImageDescription;

import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The flavor's disk must hold the image, an ISO included (the article's comment on its nova boot), as Nova says. */
@Timeout(10)
class CreateRulesTest {
    static final ComputeFlavor ONE_GIB = new ComputeFlavor("1", "m1.tiny", 512, 1, 1, 0, 0, 1.0, true, null, Map.of(),
            false);

    static ImageDescription iso(long bytes, int minDisk) {
        return new ImageDescription("f2d3e1f5-6dc8-415c-b1a4-4baf9030ba6a", "installer", DiskFormat.ISO, bytes,
                OptionalLong.of(bytes), minDisk, 0, Map.of());
    }

    @Test
    void anIsoLargerThanTheFlavorsDiskIsRefusedWithNovasMessage() {
        assertThatThrownBy(() -> CreateRules.requireFlavorFits(ONE_GIB, iso(4_700_000_256L, 0)))
                .isInstanceOf(ServiceException.class)
                .hasMessageStartingWith("Flavor's disk is too small for requested image.");
        assertThatThrownBy(() -> CreateRules.requireFlavorFits(ONE_GIB, iso(40L << 20, 2)))
                .hasMessage("Flavor's disk is too small for requested image.");
    }

    @Test
    void anIsoTheFlavorsDiskHoldsBoots() {
        assertThatCode(() -> CreateRules.requireFlavorFits(ONE_GIB, iso(1L << 30, 1))).doesNotThrowAnyException();
    }
}
