package org.stackbox.image.http;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.stackbox.image.ContainerFormat;
import org.stackbox.image.Image;
import org.stackbox.image.ImagePage;
import org.stackbox.image.ImageStatus;
import org.stackbox.image.Visibility;
import org.stackbox.image.spi.DiskFormat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.stackbox.api.ApiSamples.assertMatchesSample;

/**
 * Image responses against the samples recorded from {@code openstack image create|show|list} (Glance v2, by an
 * administrator); see {@code api-samples/README.md} for how they differ from Glance's own samples.
 */
@Timeout(10)
class ImageSamplesTest {
    private static final Instant CREATED = Instant.parse("2026-12-04T17:01:25Z");
    /** The properties openstacksdk adds to every image it creates from a file. */
    private static final Map<String, String> SDK_PROPERTIES = Map.of("owner_specified.openstack.md5", "",
            "owner_specified.openstack.object", "images/tiny", "owner_specified.openstack.sha256", "");
    private static final Image QUEUED = new Image("04935705-593e-4da3-ae81-16c360e90c5f", "tiny", ImageStatus.QUEUED,
            Visibility.SHARED, false, false, DiskFormat.QCOW2, ContainerFormat.BARE, null, null, null, null, 0, 0,
            "e8849ce339384852848a1a187771e85b", CREATED, CREATED, List.of(), new TreeMap<>(SDK_PROPERTIES));
    private static final Image ACTIVE = QUEUED.toBuilder().status(ImageStatus.ACTIVE).size(196616L)
            .virtualSize(67108864L).checksum("41ce4d32ce22529a293044bc1eb4e734")
            .hashValue("2e45ec98e7ea7317e85b63cd0780eda19fc0bcdbfdbdcdb2a9cd88f295c03b8ecbf6bccc80a3be944ca10cfc02f3d3682"
                    + "e7f0fdbaa21f5e9586ffa1d9448a8de")
            .build();

    /** Repeated: each run of the JVM must print the keys in one order, so no view may hold a {@code Map.of}. */
    @RepeatedTest(2)
    void create() {
        assertMatchesSample(ImageView.of(QUEUED), "images/image-create-response.json");
    }

    @RepeatedTest(2)
    void show() {
        assertMatchesSample(ImageView.of(ACTIVE), "images/image-show-response.json");
    }

    @RepeatedTest(2)
    void list() {
        assertMatchesSample(ImageViews.images(new ImagePage(List.of(ACTIVE), Optional.empty()), "/v2/images",
                "/v2/images"), "images/images-list-response.json");
    }
}
