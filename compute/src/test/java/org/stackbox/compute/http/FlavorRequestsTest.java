package org.stackbox.compute.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stackbox.api.ApiException;
import org.stackbox.api.HttpFault;
import org.stackbox.api.Microversion;
import org.stackbox.common.Json;
import org.stackbox.compute.model.ComputeFlavor;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code POST /flavors}: what binds, and Nova's 400 (jsonschema's message over flavor_manage's schema) otherwise. */
class FlavorRequestsTest {
    private static ComputeFlavor parse(String flavor, String version) {
        return FlavorRequests.create(Json.parseObject(("{\"flavor\": {" + flavor + "}}").getBytes(StandardCharsets.UTF_8)),
                Microversion.parse(version));
    }

    @Test
    void bindsWhatOpenstackFlavorCreateSends() {
        ComputeFlavor flavor = parse("\"name\": \"small\", \"ram\": 2048, \"vcpus\": 2, \"disk\": 20, "
                + "\"id\": \"auto\", \"OS-FLV-EXT-DATA:ephemeral\": 1, \"swap\": \"512\", \"rxtx_factor\": 1.5, "
                + "\"os-flavor-access:is_public\": false, \"description\": \"for tests\"", "2.55");
        assertThat(flavor.id()).hasSize(36);
        assertThat(flavor).extracting(ComputeFlavor::name, ComputeFlavor::memoryMib, ComputeFlavor::vcpus,
                        ComputeFlavor::diskGib, ComputeFlavor::ephemeralGib, ComputeFlavor::swapMib,
                        ComputeFlavor::rxtxFactor, ComputeFlavor::isPublic, ComputeFlavor::description)
                .containsExactly("small", 2048, 2, 20, 1, 512, 1.5, false, "for tests");
        assertThat(parse("\"name\": \"n\", \"ram\": 1, \"vcpus\": 1, \"disk\": 0, \"id\": 42", "2.1").id())
                .isEqualTo("42");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"swap\": -1 | Invalid input for field/attribute swap. Value: -1. -1 is less than the minimum of 0",
            "\"OS-FLV-EXT-DATA:ephemeral\": -5 | Invalid input for field/attribute OS-FLV-EXT-DATA:ephemeral. "
                    + "Value: -5. -5 is less than the minimum of 0",
            "\"swap\": \"-1\" | Invalid input for field/attribute swap. Value: -1. '-1' does not match '^[0-9]+$'",
            "\"swap\": 1.5 | Invalid input for field/attribute swap. Value: 1.5. 1.5 is not of type 'integer', 'string'",
            "\"swap\": 2147483648 | Invalid input for field/attribute swap. Value: 2147483648. 2147483648 is greater "
                    + "than the maximum of 2147483647",
            "\"rxtx_factor\": 0 | Invalid input for field/attribute rxtx_factor. Value: 0. 0 is less than or equal to "
                    + "the minimum of 0",
            "\"rxtx_factor\": \"fast\" | Invalid input for field/attribute rxtx_factor. Value: fast. 'fast' does not "
                    + "match '^[0-9]+(\\\\.[0-9]+)?$'",
            "\"id\": \" x\" | Invalid input for field/attribute id. Value:  x. ' x' does not match "
                    + "'^(?! )[a-zA-Z0-9. _-]+(?<! )$'",
            "\"description\": \"d\" | Invalid input for field/attribute flavor. Value: {'name': 'n', 'ram': 1, "
                    + "'vcpus': 1, 'disk': 0, 'description': 'd'}. Additional properties are not allowed "
                    + "('description' was unexpected)"})
    void refusesWhatNovasSchemaRefuses(String extra, String message) {
        ApiException failure = catchThrowableOfType(ApiException.class,
                () -> parse("\"name\": \"n\", \"ram\": 1, \"vcpus\": 1, \"disk\": 0, " + extra, "2.1"));
        assertThat(failure.code()).isEqualTo(HttpFault.BAD_REQUEST);
        assertThat(failure).hasMessage(message);
    }

    @Test
    void ramAndVcpusAreAtLeastOneAndEveryRequiredSizeIsThere() {
        ApiException noRam = catchThrowableOfType(ApiException.class,
                () -> parse("\"name\": \"n\", \"ram\": 0, \"vcpus\": 1, \"disk\": 0", "2.1"));
        assertThat(noRam).hasMessage("Invalid input for field/attribute ram. Value: 0. 0 is less than the minimum of 1");
        ApiException noDisk = catchThrowableOfType(ApiException.class,
                () -> parse("\"name\": \"n\", \"ram\": 1, \"vcpus\": 1", "2.1"));
        assertThat(noDisk).hasMessage("Invalid input for field/attribute flavor. Value: {'name': 'n', 'ram': 1, "
                + "'vcpus': 1}. 'disk' is a required property");
    }
}
