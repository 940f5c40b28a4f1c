package org.stackbox.volume.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stackbox.api.ApiException;
import org.stackbox.api.HttpFault;
import org.stackbox.api.Microversion;
import org.stackbox.common.Json;
import org.stackbox.volume.NewVolume;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code POST /volumes} bodies: what each binds to, and the exact 400 Cinder answers for what its schemas refuse (the
 * messages as jsonschema makes them over Cinder's schemas, prefixed as {@code cinder/api/validation/validators.py}
 * prefixes them).
 */
@Timeout(10)
class VolumeRequestsTest {
    /** What {@code openstack volume create --size 1 vol1} sends (through cinderclient, at 3.0). */
    private static final String CINDERCLIENT = "{\"volume\": {\"size\": 1, \"consistencygroup_id\": null, "
            + "\"snapshot_id\": null, \"name\": \"vol1\", \"description\": null, \"volume_type\": null, "
            + "\"availability_zone\": null, \"metadata\": {}, \"imageRef\": null, \"source_volid\": null, "
            + "\"backup_id\": null}}";

    private static NewVolume parse(String body, String version) {
        return VolumeRequests.create(Json.parseObject(body.getBytes(StandardCharsets.UTF_8)),
                Microversion.parse(version));
    }

    @ParameterizedTest(name = "at {0}")
    @CsvSource({"3.0", "3.53", "3.70"})
    void bindsWhatTheClientSends(String version) {
        assertThat(parse(CINDERCLIENT, version)).isEqualTo(new NewVolume(Optional.of(1), "vol1", null,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of()));
    }

    @Test
    void readsTheLegacyNamesAndSchedulerHints() {
        assertThat(parse("{\"volume\": {\"size\": \"2\", \"display_name\": \"v\", \"display_description\": \"d\", "
                + "\"image_id\": \"i\", \"metadata\": {\"k\": \"v\"}}, \"OS-SCH-HNT:scheduler_hints\": {}}", "3.53"))
                .isEqualTo(new NewVolume(Optional.of(2), "v", "d", Optional.of("i"), Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty(), Map.of("k", "v")));
    }

    @ParameterizedTest(name = "{1} at {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "3.0|{\"volume\": {\"size\": 1, \"foo\": 1}}",
            "3.52|{\"volume\": {\"size\": 1, \"foo\": 1}}",
            "3.12|{\"volume\": {\"size\": 1, \"group_id\": null}}",
            "3.13|{\"volume\": {\"size\": 1, \"group_id\": null}}",
            "3.53|{\"volume\": {\"size\": 1, \"group_id\": null, \"backup_id\": null}}",
    })
    void takesWhatTheMicroversionsSchemaAllows(String version, String body) {
        assertThat(parse(body, version).sizeGib()).contains(1);
    }

    @ParameterizedTest(name = "{1} at {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "3.53|{\"volume\": {\"size\": 1, \"foo\": 1}}|Invalid input for field/attribute volume. Value: {'size': 1, 'foo': 1}. Additional properties are not allowed ('foo' was unexpected)",
            "3.70|{\"volume\": {\"size\": 1, \"name\": \"v\", \"bar\": true, \"foo\": null}}|Invalid input for field/attribute volume. Value: {'size': 1, 'name': 'v', 'bar': True, 'foo': None}. Additional properties are not allowed ('bar', 'foo' were unexpected)",
            "3.0|{\"volume\": {\"size\": 1}, \"foo\": 1}|Additional properties are not allowed ('foo' was unexpected)",
            "3.0|{\"volume\": 5}|Invalid input for field/attribute volume. Value: 5. 5 is not of type 'object'",
            "3.0|{\"foo\": {}}|'volume' is a required property",
    })
    void refusesWithCindersMessage(String version, String body, String message) {
        ApiException failure = catchThrowableOfType(() -> parse(body, version), ApiException.class);
        assertThat(failure).as("a 400 for %s", body).isNotNull();
        assertThat(failure.code()).isEqualTo(HttpFault.BAD_REQUEST);
        assertThat(failure.getMessage()).isEqualTo(message);
    }
}
