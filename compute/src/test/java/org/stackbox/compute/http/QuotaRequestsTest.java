package org.stackbox.compute.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stackbox.api.ApiException;
import org.stackbox.api.Microversion;
import org.stackbox.common.Json;
import org.stackbox.compute.model.QuotaResource;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code PUT /os-quota-sets/{project}} bodies as Nova's quota_sets update schema takes or refuses them. */
@Timeout(10)
class QuotaRequestsTest {
    private static QuotaRoutes.UpdateRequest parse(String body, String version) {
        return QuotaRoutes.UpdateRequest.parse(Json.parseObject(body.getBytes(StandardCharsets.UTF_8)),
                Microversion.parse(version));
    }

    @Test
    void takesIntegersAndIntegerStringsAndForce() {
        assertThat(parse("{\"quota_set\": {\"instances\": 5, \"cores\": \"-1\", \"force\": true}}", "2.1"))
                .isEqualTo(new QuotaRoutes.UpdateRequest(Map.of(QuotaResource.INSTANCES, 5L, QuotaResource.CORES, -1L),
                        true));
        assertThat(parse("{\"quota_set\": {\"security_groups\": 3}}", "2.35").limits())
                .containsEntry(QuotaResource.SECURITY_GROUPS, 3L);
    }

    @ParameterizedTest(name = "{1} at {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "2.1|{}|'quota_set' is a required property",
            "2.1|{\"quota_set\": []}|Invalid input for field/attribute quota_set. Value: []. [] is not of type 'object'",
            "2.1|{\"quota_set\": {\"instances\": -2}}|Invalid input for field/attribute instances. Value: -2. -2 is less than the minimum of -1",
            "2.1|{\"quota_set\": {\"instances\": \"five\"}}|Invalid input for field/attribute instances. Value: five. 'five' does not match '^-?[0-9]+$'",
            "2.1|{\"quota_set\": {\"instances\": 1.5}}|Invalid input for field/attribute instances. Value: 1.5. 1.5 is not of type 'integer', 'string'",
            "2.1|{\"quota_set\": {\"instances\": 2147483648}}|Invalid input for field/attribute instances. Value: 2147483648. 2147483648 is greater than the maximum of 2147483647",
            "2.1|{\"quota_set\": {\"force\": \"yes\"}}|Invalid input for field/attribute force. Value: yes. 'yes' is not of type 'boolean'",
            "2.1|{\"quota_set\": {\"gpus\": 1}}|Invalid input for field/attribute quota_set. Value: {'gpus': 1}. Additional properties are not allowed ('gpus' was unexpected)",
            "2.36|{\"quota_set\": {\"floating_ips\": 1}}|Invalid input for field/attribute quota_set. Value: {'floating_ips': 1}. Additional properties are not allowed ('floating_ips' was unexpected)",
            "2.57|{\"quota_set\": {\"injected_files\": 1}}|Invalid input for field/attribute quota_set. Value: {'injected_files': 1}. Additional properties are not allowed ('injected_files' was unexpected)",
    })
    void refusesWhatNovaRefuses(String version, String body, String message) {
        assertThatThrownBy(() -> parse(body, version)).isInstanceOf(ApiException.class).hasMessage(message);
    }
}
