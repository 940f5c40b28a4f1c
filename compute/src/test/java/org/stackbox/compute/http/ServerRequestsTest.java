package org.stackbox.compute.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stackbox.api.ApiException;
import org.stackbox.api.HttpFault;
import org.stackbox.api.Microversion;
import org.stackbox.common.Json;
import org.stackbox.compute.CreateServer;
import org.stackbox.compute.NetworkRequest;
import org.stackbox.compute.RequestedMapping;
import org.stackbox.virt.DestinationType;
import org.stackbox.virt.SourceType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code POST /servers} bodies: what each binds to, and the exact 400 Nova answers for what its schemas refuse. The
 * expected messages were produced by jsonschema's Draft 4 validator over Nova's schemas, formatted as Nova's
 * {@code nova/api/validation/validators.py} formats them.
 */
@Timeout(10)
class ServerRequestsTest {
    private static final String NET = "75a0aad9-e70c-44e0-844b-2b68b70c93b0";
    private static final String IMAGE = "ae402efb-966c-4f34-bdad-44ffff7d475f";
    private static final String GROUP = "4e7c1c5a-8d3e-4b8e-9f5d-2a1b3c4d5e6f";

    private static CreateServer parse(String body, String version) {
        return ServerRequests.create(Json.parseObject(bytes(body)), Microversion.parse(version));
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void bindsWhatOpenstackServerCreateSends() {
        CreateServer request = parse("{\"server\": {\"name\": \"vm1\", \"imageRef\": \"" + IMAGE + "\", "
                + "\"flavorRef\": \"10\", \"min_count\": 1, \"max_count\": 1, \"networks\": [{\"uuid\": \"" + NET
                + "\"}]}}", "2.1");
        assertThat(request).isEqualTo(new CreateServer("vm1", Optional.empty(), Optional.of(IMAGE), "10",
                new NetworkRequest.Networks(List.of(new NetworkRequest.Card(Optional.of(NET), Optional.empty(),
                        Optional.empty()))), List.of(), Optional.empty(), Optional.empty(), Map.of(),
                Optional.empty(), Optional.empty()));
    }

    @Test
    void bindsABootFromVolumeRequestWithSchedulerHints() {
        CreateServer request = parse("{\"server\": {\"name\": \"vm\", \"flavorRef\": 1, \"imageRef\": \"\", "
                + "\"description\": \"d\", \"networks\": \"none\", \"metadata\": {\"k\": \"v\"}, "
                + "\"config_drive\": true, \"block_device_mapping_v2\": [{\"boot_index\": \"0\", \"uuid\": \""
                + IMAGE + "\", \"source_type\": \"image\", \"destination_type\": \"volume\", \"volume_size\": \"1\", "
                + "\"delete_on_termination\": true, \"tag\": \"root\"}]}, "
                + "\"OS-SCH-HNT:scheduler_hints\": {\"group\": \"" + GROUP + "\"}}", "2.42");
        assertThat(request).isEqualTo(new CreateServer("vm", Optional.of("d"), Optional.empty(), "1",
                new NetworkRequest.None(), List.of(new RequestedMapping(SourceType.IMAGE, DestinationType.VOLUME,
                Optional.of(IMAGE), OptionalInt.of(0), OptionalInt.of(1), true, Optional.empty(), Optional.empty(),
                Optional.empty())), Optional.empty(), Optional.empty(), Map.of("k", "v"), Optional.of(true),
                Optional.empty(), List.of(), Optional.of(GROUP)));
    }

    @Test
    void aGroupHintThatIsNotAUuidIsRefusedAsNovasSchemaRefusesIt() {
        assertThatThrownBy(() -> parse("{\"server\": {\"name\": \"vm\", \"flavorRef\": 1, \"networks\": \"none\"}, "
                + "\"os:scheduler_hints\": {\"group\": \"g\"}}", "2.42"))
                .hasMessage("Invalid input for field/attribute group. Value: g. 'g' is not a 'uuid'");
    }

    @ParameterizedTest(name = "{1} at [{0}]")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // A key no schema has: refused at every microversion.
            "2.1|{\"server\": {\"name\": \"vm\", \"flavorRef\": \"1\", \"foo\": \"bar\"}}|Invalid input for field/attribute server. Value: {'name': 'vm', 'flavorRef': '1', 'foo': 'bar'}. Additional properties are not allowed ('foo' was unexpected)",
            "2.95|{\"server\": {\"name\": \"vm\", \"flavorRef\": \"1\", \"networks\": \"none\", \"foo\": \"bar\"}}|Invalid input for field/attribute server. Value: {'name': 'vm', 'flavorRef': '1', 'networks': 'none', 'foo': 'bar'}. Additional properties are not allowed ('foo' was unexpected)",
            "2.1|{\"server\": {\"name\": \"vm\", \"flavorRef\": \"1\", \"foo\": 1, \"bar\": [1, true, null, 1.5]}}|Invalid input for field/attribute server. Value: {'name': 'vm', 'flavorRef': '1', 'foo': 1, 'bar': [1, True, None, 1.5]}. Additional properties are not allowed ('bar', 'foo' were unexpected)",
            // At the top level only scheduler hints may sit beside the server.
            "2.1|{\"server\": {\"name\": \"vm\", \"flavorRef\": \"1\"}, \"foo\": {}}|Additional properties are not allowed ('foo' was unexpected)",
            // Keys of a later (or earlier) microversion.
            "2.1|{\"server\": {\"name\": \"vm\", \"flavorRef\": \"1\", \"description\": \"it's\"}}|Invalid input for field/attribute server. Value: {'name': 'vm', 'flavorRef': '1', 'description': \"it's\"}. Additional properties are not allowed ('description' was unexpected)",
            "2.51|{\"server\": {\"name\": \"vm\", \"flavorRef\": \"1\", \"networks\": \"none\", \"tags\": []}}|Invalid input for field/attribute server. Value: {'name': 'vm', 'flavorRef': '1', 'networks': 'none', 'tags': []}. Additional properties are not allowed ('tags' was unexpected)",
            "2.57|{\"server\": {\"name\": \"vm\", \"flavorRef\": \"1\", \"networks\": \"none\", \"personality\": []}}|Invalid input for field/attribute server. Value: {'name': 'vm', 'flavorRef': '1', 'networks': 'none', 'personality': []}. Additional properties are not allowed ('personality' was unexpected)",
            "2.89|{\"server\": {\"name\": \"vm\", \"flavorRef\": \"1\", \"networks\": \"none\", \"hostname\": \"h\"}}|Invalid input for field/attribute server. Value: {'name': 'vm', 'flavorRef': '1', 'networks': 'none', 'hostname': 'h'}. Additional properties are not allowed ('hostname' was unexpected)",
            // Entries of networks and block_device_mapping_v2: named by their index, and from 2.37 networks by the whole list.
            "2.1|{\"server\": {\"name\": \"vm\", \"flavorRef\": \"1\", \"networks\": [{\"uuid\": \"x\", \"foo\": 1}]}}|Invalid input for field/attribute 0. Value: {'uuid': 'x', 'foo': 1}. Additional properties are not allowed ('foo' was unexpected)",
            "2.37|{\"server\": {\"name\": \"vm\", \"flavorRef\": \"1\", \"networks\": [{\"uuid\": \"75a0aad9-e70c-44e0-844b-2b68b70c93b0\", \"foo\": 1}]}}|Invalid input for field/attribute networks. Value: [{'uuid': '75a0aad9-e70c-44e0-844b-2b68b70c93b0', 'foo': 1}]. [{'uuid': '75a0aad9-e70c-44e0-844b-2b68b70c93b0', 'foo': 1}] is not valid under any of the given schemas",
            "2.1|{\"server\": {\"name\": \"vm\", \"flavorRef\": \"1\", \"block_device_mapping_v2\": [{\"boot_index\": 0}, {\"uuid\": \"x\", \"size\": 1}]}}|Invalid input for field/attribute 1. Value: {'uuid': 'x', 'size': 1}. Additional properties are not allowed ('size' was unexpected)",
            "2.33|{\"server\": {\"name\": \"vm\", \"flavorRef\": \"1\", \"block_device_mapping_v2\": [{\"tag\": \"t\"}]}}|Invalid input for field/attribute 0. Value: {'tag': 't'}. Additional properties are not allowed ('tag' was unexpected)",
            // Property failures come before required keys, and required keys before unknown ones.
            "2.1|{\"server\": {\"flavorRef\": \"1\", \"foo\": 1}}|Invalid input for field/attribute server. Value: {'flavorRef': '1', 'foo': 1}. 'name' is a required property",
            "2.1|{\"server\": {\"name\": 5, \"flavorRef\": \"1\", \"foo\": 1}}|Invalid input for field/attribute name. Value: 5. 5 is not of type 'string'",
            "2.1|{\"server\": 5}|Invalid input for field/attribute server. Value: 5. 5 is not of type 'object'",
            "2.1|{\"foo\": 1}|'server' is a required property",
            // What Nova's parameter types refuse (the adversarial run found each accepted).
            "2.1|{\"server\": {\"name\": \"vm\", \"flavorRef\": \"1\", \"min_count\": 0}}|Invalid input for field/attribute min_count. Value: 0. 0 is less than the minimum of 1",
            "2.1|{\"server\": {\"name\": \"vm\", \"flavorRef\": \"1\", \"max_count\": \"two\"}}|Invalid input for field/attribute max_count. Value: two. 'two' does not match '^[0-9]*$'",
            "2.1|{\"server\": {\"name\": \"vm\", \"flavorRef\": \"1\", \"min_count\": 3, \"max_count\": 2}}|min_count must be <= max_count",
            "2.1|{\"server\": {\"name\": \"vm\", \"flavorRef\": \"1\", \"accessIPv4\": \"999.1.1.1\"}}|Invalid input for field/attribute accessIPv4. Value: 999.1.1.1. '999.1.1.1' is not a 'ipv4'",
            "2.1|{\"server\": {\"name\": \"vm\", \"flavorRef\": \"1\", \"accessIPv6\": \"1.2.3.4\"}}|Invalid input for field/attribute accessIPv6. Value: 1.2.3.4. '1.2.3.4' is not a 'ipv6'",
            "2.1|{\"server\": {\"name\": \"vm\", \"flavorRef\": \"1\", \"adminPass\": 5}}|Invalid input for field/attribute adminPass. Value: 5. 5 is not of type 'string'",
            "2.37|{\"server\": {\"name\": \"vm\", \"flavorRef\": \"1\"}}|Invalid input for field/attribute server. Value: {'name': 'vm', 'flavorRef': '1'}. 'networks' is a required property",
            "2.1|{\"server\": {\"name\": \"vm\\u0000\", \"flavorRef\": \"1\"}}|An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace.",
            "2.90|{\"server\": {\"name\": \"vm\", \"flavorRef\": \"1\", \"networks\": \"none\", \"personality\": []}}|Invalid input for field/attribute server. Value: {'name': 'vm', 'flavorRef': '1', 'networks': 'none', 'personality': []}. Additional properties are not allowed ('personality' was unexpected)",
    })
    void refusesWithNovasMessage(String version, String body, String message) {
        ApiException failure = catchThrowableOfType(() -> parse(body, version),
                ApiException.class);
        assertThat(failure).as("a 400 for %s", body).isNotNull();
        assertThat(failure.code()).isEqualTo(HttpFault.BAD_REQUEST);
        assertThat(failure.getMessage()).isEqualTo(message);
    }

    @ParameterizedTest(name = "{1} at {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "2.19|{\"server\": {\"name\": \"vm\", \"flavorRef\": \"1\", \"description\": \"d\"}}",
            "2.32|{\"server\": {\"name\": \"vm\", \"flavorRef\": \"1\", \"networks\": [{\"uuid\": \"75a0aad9-e70c-44e0-844b-2b68b70c93b0\", \"tag\": \"t\"}]}}",
            "2.56|{\"server\": {\"name\": \"vm\", \"flavorRef\": \"1\", \"networks\": \"none\", \"personality\": [], \"tags\": [], \"adminPass\": \"p\"}}",
            "2.90|{\"server\": {\"name\": \"vm\", \"flavorRef\": \"1\", \"networks\": \"none\", \"hostname\": \"h1\", \"host\": \"c1\", \"accessIPv4\": \"1.2.3.4\"}}",
            "2.1|{\"server\": {\"name\": \"vm\", \"flavorRef\": \"1\", \"min_count\": \"1\", \"max_count\": 1, \"accessIPv6\": \"2001:db8::1\"}}",
            "2.1|{\"server\": {\"name\": \"vm\", \"flavorRef\": \"1\", \"security_groups\": [{\"name\": \"default\"}]}, \"os:scheduler_hints\": {\"any\": 1}}",
    })
    void takesWhatTheMicroversionsSchemaHas(String version, String body) {
        assertThat(parse(body, version).name()).isEqualTo("vm");
    }
}
