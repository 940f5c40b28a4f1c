package org.stackbox.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cinder's QoS specs over HTTP (kept and shown, not enforced by the local back end): tempest's keys (qos.py), keys
 * set and deleted, associations with volume types shown in the types' qos_specs_id, and Cinder's refusals.
 */
@Timeout(120)
class QosSpecsApiTest extends InProcessCloudTest {
    private static String base;
    private static String member;

    @BeforeAll
    static void project() throws Exception {
        String project = cloud.project("qos-one");
        cloud.user("quentin", "member", project);
        member = cloud.tokenOf("quentin", project);
        base = "/volume/v3/" + project;
    }

    @Test
    void specsAreKeptChangedAssociatedAndDeleted() throws Exception {
        JsonNode created = ok(cloud.call("POST", base + "/qos-specs", cloud.admin(),
                "{\"qos_specs\": {\"name\": \" limited \", \"consumer\": \"front-end\", \"read_iops_sec\": \"100\"}}"));
        assertThat(fieldNames(created)).containsExactly("qos_specs", "links");
        JsonNode specs = created.path("qos_specs");
        assertThat(fieldNames(specs)).containsExactly("id", "name", "consumer", "specs");
        assertThat(specs.path("name").asText()).isEqualTo("limited");
        assertThat(specs.path("consumer").asText()).isEqualTo("front-end");
        assertThat(specs.path("specs").toString()).isEqualTo("{\"read_iops_sec\":\"100\"}");
        String id = specs.path("id").asText();
        assertThat(created.at("/links/0/href").asText()).endsWith("/qos-specs/" + id);

        refused(cloud.call("POST", base + "/qos-specs", cloud.admin(), "{\"qos_specs\": {\"name\": \"limited\"}}"), 409,
                "QoS Specs limited already exists.");
        refused(cloud.call("POST", base + "/qos-specs", cloud.admin(), "{\"qos_specs\": {\"name\": \"x\", \"consumer\": \"nobody\"}}"),
                400, "Valid consumer of QoS specs are");
        refused(cloud.call("GET", base + "/qos-specs", member, null), 403, "volume_extension:qos_specs_manage:get_all");

        assertThat(ok(cloud.call("PUT", base + "/qos-specs/" + id, cloud.admin(),
                "{\"qos_specs\": {\"write_iops_sec\": \"50\", \"consumer\": \"both\"}}")).toString())
                .isEqualTo("{\"qos_specs\":{\"write_iops_sec\":\"50\",\"consumer\":\"both\"}}");
        JsonNode shown = ok(cloud.call("GET", base + "/qos-specs/" + id, cloud.admin(), null)).path("qos_specs");
        assertThat(shown.path("consumer").asText()).isEqualTo("both");
        assertThat(fieldNames(shown.path("specs"))).containsExactly("read_iops_sec", "write_iops_sec");
        assertThat(cloud.call("PUT", base + "/qos-specs/" + id + "/delete_keys", cloud.admin(),
                "{\"keys\": [\"read_iops_sec\"]}").statusCode()).isEqualTo(202);
        refused(cloud.call("PUT", base + "/qos-specs/" + id + "/delete_keys", cloud.admin(),
                "{\"keys\": [\"read_iops_sec\"]}"), 404, "QoS spec %s has no spec with key read_iops_sec.".formatted(id));

        String type = ok(cloud.call("POST", base + "/types", cloud.admin(), "{\"volume_type\": {\"name\": \"qos-typed\"}}"))
                .at("/volume_type/id").asText();
        refused(cloud.call("GET", base + "/qos-specs/" + id + "/associate", cloud.admin(), null), 400,
                "Volume Type id must not be None.");
        assertThat(cloud.call("GET", base + "/qos-specs/" + id + "/associate?vol_type_id=" + type, cloud.admin(), null)
                .statusCode()).isEqualTo(202);
        assertThat(ok(cloud.call("GET", base + "/types/" + type, cloud.admin(), null)).at("/volume_type/qos_specs_id")
                .asText()).isEqualTo(id);
        assertThat(ok(cloud.call("GET", base + "/qos-specs/" + id + "/associations", cloud.admin(), null)).toString())
                .isEqualTo("{\"qos_associations\":[{\"association_type\":\"volume_type\",\"name\":\"qos-typed\",\"id\":\"%s\"}]}"
                        .formatted(type));
        String other = ok(cloud.call("POST", base + "/qos-specs", cloud.admin(), "{\"qos_specs\": {\"name\": \"other\"}}"))
                .at("/qos_specs/id").asText();
        refused(cloud.call("GET", base + "/qos-specs/" + other + "/associate?vol_type_id=" + type, cloud.admin(), null),
                400, "Type %s is already associated with another qos specs: %s".formatted(type, id));
        refused(cloud.call("DELETE", base + "/qos-specs/" + id, cloud.admin(), null), 400, "Qos specs still in use.");

        assertThat(cloud.call("GET", base + "/qos-specs/" + id + "/disassociate?vol_type_id=" + type, cloud.admin(), null)
                .statusCode()).isEqualTo(202);
        assertThat(ok(cloud.call("GET", base + "/types/" + type, cloud.admin(), null)).at("/volume_type/qos_specs_id")
                .isNull()).isTrue();
        assertThat(cloud.call("GET", base + "/qos-specs/" + id + "/associate?vol_type_id=" + type, cloud.admin(), null)
                .statusCode()).isEqualTo(202);
        assertThat(cloud.call("DELETE", base + "/qos-specs/" + id + "?force=true", cloud.admin(), null).statusCode())
                .isEqualTo(202);
        refused(cloud.call("GET", base + "/qos-specs/" + id, cloud.admin(), null), 404, "No such QoS spec %s.".formatted(id));
        assertThat(ok(cloud.call("GET", base + "/types/" + type, cloud.admin(), null)).at("/volume_type/qos_specs_id")
                .isNull()).as("a forced delete disassociates").isTrue();
        assertThat(ok(cloud.call("GET", base + "/qos-specs", cloud.admin(), null)).path("qos_specs").toString())
                .contains(other).doesNotContain(id);
    }
}
