package org.stackbox.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cinder's volume types over HTTP: the keys of each answer as tempest's schemas (volume_types.py) have them, a private
 * type seen only by administrators and the projects given access, extra specs trimmed for members, and the refusals
 * (duplicate names, the default type, a type in use, bad bodies) with Cinder's statuses and messages.
 */
@Timeout(180)
class VolumeTypeApiTest extends InProcessCloudTest {
    private static String project;
    private static String member;
    private static String base;

    @BeforeAll
    static void members() throws Exception {
        project = cloud.project("vt-one");
        cloud.user("vera", "member", project);
        member = cloud.tokenOf("vera", project);
        base = "/volume/v3/" + project;
    }

    @Test
    void anAdministratorManagesATypeAndMembersUseIt() throws Exception {
        HttpResponse<String> created = cloud.call("POST", base + "/types", cloud.admin(), """
                {"volume_type": {"name": "gold", "description": "fast", "extra_specs": {"volume_backend_name": "local", "multiattach": "<is> False"}}}""");
        JsonNode gold = ok(created).path("volume_type");
        assertThat(fieldNames(gold)).containsExactly("id", "name", "is_public", "extra_specs", "description",
                "os-volume-type-access:is_public");
        assertThat(gold.path("is_public").asBoolean()).isTrue();
        String id = gold.path("id").asText();

        JsonNode shownToAdmin = ok(cloud.call("GET", base + "/types/" + id, cloud.admin(), null)).path("volume_type");
        assertThat(fieldNames(shownToAdmin)).containsExactly("id", "name", "is_public", "description", "extra_specs",
                "qos_specs_id", "os-volume-type-access:is_public");
        assertThat(shownToAdmin.path("extra_specs").size()).isEqualTo(2);
        JsonNode shownToMember = ok(cloud.call("GET", base + "/types/" + id, member, null)).path("volume_type");
        assertThat(fieldNames(shownToMember)).containsExactly("id", "name", "is_public", "description", "extra_specs",
                "os-volume-type-access:is_public");
        assertThat(fieldNames(shownToMember.path("extra_specs"))).as("only Cinder's user-visible specs")
                .containsExactly("multiattach");

        JsonNode volume = JSON.readTree(cloud.call("POST", base + "/volumes", member,
                "{\"volume\": {\"size\": 1, \"volume_type\": \"gold\"}}").body()).path("volume");
        assertThat(volume.path("volume_type").asText()).isEqualTo("gold");
        String volumeId = volume.path("id").asText();
        cloud.awaitField(base + "/volumes/" + volumeId, member, "/volume/status", "available");
        JsonNode shown = ok(cloud.call("GET", base + "/volumes/" + volumeId, member, null,
                Map.of("OpenStack-API-Version", "volume 3.63"))).path("volume");
        assertThat(shown.path("volume_type_id").asText()).isEqualTo(id);

        refused(cloud.call("DELETE", base + "/types/" + id, cloud.admin(), null), 400, "Target volume type is still in use.");
        refused(cloud.call("POST", base + "/types/" + id + "/extra_specs", cloud.admin(),
                "{\"extra_specs\": {\"a\": \"b\"}}"), 400, "Volume Type is currently in use.");

        JsonNode renamed = ok(cloud.call("PUT", base + "/types/" + id, cloud.admin(),
                "{\"volume_type\": {\"name\": \"platinum\"}}")).path("volume_type");
        assertThat(fieldNames(renamed)).containsExactly("id", "name", "is_public", "extra_specs", "description");
        assertThat(ok(cloud.call("GET", base + "/volumes/" + volumeId, member, null)).at("/volume/volume_type").asText())
                .as("the volume keeps its type through the rename").isEqualTo("platinum");

        assertThat(cloud.call("DELETE", base + "/volumes/" + volumeId, member, null).statusCode()).isEqualTo(202);
        awaitGone(base + "/volumes/" + volumeId, member);
        assertThat(cloud.call("DELETE", base + "/types/" + id, cloud.admin(), null).statusCode()).isEqualTo(202);
        refused(cloud.call("GET", base + "/types/" + id, cloud.admin(), null), 404,
                "Volume type %s could not be found.".formatted(id));
    }

    @Test
    void aPrivateTypeIsSeenOnlyByTheProjectsGivenAccess() throws Exception {
        String id = ok(cloud.call("POST", base + "/types", cloud.admin(),
                "{\"volume_type\": {\"name\": \"secret\", \"os-volume-type-access:is_public\": false}}"))
                .at("/volume_type/id").asText();
        refused(cloud.call("GET", base + "/types/" + id, member, null), 404,
                "Volume type %s could not be found.".formatted(id));
        assertThat(names(base + "/types", member)).doesNotContain("secret").contains("__DEFAULT__");
        assertThat(names(base + "/types?is_public=none", cloud.admin())).contains("secret", "__DEFAULT__");
        assertThat(names(base + "/types?is_public=false", cloud.admin())).contains("secret").doesNotContain("__DEFAULT__");
        refused(cloud.call("POST", base + "/volumes", member, "{\"volume\": {\"size\": 1, \"volume_type\": \"secret\"}}"),
                404, "Volume type with name secret could not be found.");

        String add = "{\"addProjectAccess\": {\"project\": \"%s\"}}".formatted(project);
        assertThat(cloud.call("POST", base + "/types/" + id + "/action", cloud.admin(), add).statusCode()).isEqualTo(202);
        refused(cloud.call("POST", base + "/types/" + id + "/action", cloud.admin(), add), 409,
                "Volume type access for %s / %s combination already exists.".formatted(id, project));
        refused(cloud.call("POST", base + "/types/" + id + "/action", member, add), 403,
                "volume_extension:volume_type_access:addProjectAccess");
        JsonNode access = ok(cloud.call("GET", base + "/types/" + id + "/os-volume-type-access", cloud.admin(), null));
        assertThat(access.toString()).isEqualTo(
                "{\"volume_type_access\":[{\"volume_type_id\":\"%s\",\"project_id\":\"%s\"}]}".formatted(id, project));
        assertThat(names(base + "/types", member)).contains("secret");
        assertThat(ok(cloud.call("GET", base + "/types/" + id, member, null)).at("/volume_type/name").asText())
                .isEqualTo("secret");

        String remove = "{\"removeProjectAccess\": {\"project\": \"%s\"}}".formatted(project);
        assertThat(cloud.call("POST", base + "/types/" + id + "/action", cloud.admin(), remove).statusCode()).isEqualTo(202);
        refused(cloud.call("POST", base + "/types/" + id + "/action", cloud.admin(), remove), 404,
                "Volume type access not found for %s / %s combination.".formatted(id, project));
        refused(cloud.call("GET", base + "/types/" + id, member, null), 404, "could not be found");
        refused(cloud.call("GET", base + "/types/" + DEFAULT + "/os-volume-type-access", cloud.admin(), null), 404,
                "Access list not available for public volume types.");
    }

    @Test
    void extraSpecsAreSetShownAndDeletedOneByOne() throws Exception {
        String id = ok(cloud.call("POST", base + "/types", cloud.admin(), "{\"volume_type\": {\"name\": \"specs\"}}"))
                .at("/volume_type/id").asText();
        String specs = base + "/types/" + id + "/extra_specs";
        assertThat(ok(cloud.call("POST", specs, cloud.admin(), "{\"extra_specs\": {\"k1\": \"v1\", \"replication_enabled\": \"<is> True\"}}"))
                .toString()).isEqualTo("{\"extra_specs\":{\"k1\":\"v1\",\"replication_enabled\":\"<is> True\"}}");
        assertThat(ok(cloud.call("PUT", specs + "/k1", cloud.admin(), "{\"k1\": \"v2\"}")).toString())
                .isEqualTo("{\"k1\":\"v2\"}");
        assertThat(ok(cloud.call("GET", specs + "/k1", cloud.admin(), null)).toString()).isEqualTo("{\"k1\":\"v2\"}");
        assertThat(ok(cloud.call("GET", specs, member, null)).toString())
                .isEqualTo("{\"extra_specs\":{\"replication_enabled\":\"<is> True\"}}");
        refused(cloud.call("GET", specs + "/k1", member, null), 404,
                "Volume Type %s has no extra specs with key k1.".formatted(id));
        refused(cloud.call("PUT", specs + "/k1", cloud.admin(), "{\"k2\": \"v\"}"), 400, "Request body and URI mismatch");
        refused(cloud.call("PUT", specs + "/k1", cloud.admin(), "{\"k1\": \"v\", \"k2\": \"v\"}"), 400,
                "has too many properties");
        refused(cloud.call("POST", specs, cloud.admin(), "{\"extra_specs\": {\"k\": \"%s\"}}".formatted("v".repeat(256))),
                400, "is too long");
        refused(cloud.call("PUT", specs + "/k1", member, "{\"k1\": \"v3\"}"), 403,
                "volume_extension:types_extra_specs:update");
        assertThat(cloud.call("DELETE", specs + "/k1", cloud.admin(), null).statusCode()).isEqualTo(202);
        refused(cloud.call("DELETE", specs + "/k1", cloud.admin(), null), 404,
                "Volume Type %s has no extra specs with key k1.".formatted(id));
        assertThat(ok(cloud.call("GET", specs, cloud.admin(), null)).path("extra_specs").size()).isEqualTo(1);
    }

    @Test
    void badRequestsAndTheDefaultTypeAreRefusedAsCinderRefusesThem() throws Exception {
        refused(cloud.call("POST", base + "/types", member, "{\"volume_type\": {\"name\": \"mine\"}}"), 403,
                "volume_extension:type_create");
        ok(cloud.call("POST", base + "/types", cloud.admin(), "{\"volume_type\": {\"name\": \"twice\"}}"));
        refused(cloud.call("POST", base + "/types", cloud.admin(), "{\"volume_type\": {\"name\": \"twice\"}}"), 409,
                "Volume Type twice already exists.");
        refused(cloud.call("POST", base + "/types", cloud.admin(), "{\"volume_type\": {\"name\": \"   \"}}"), 400,
                "An invalid 'name' value was provided. The 'name' can not be empty.");
        refused(cloud.call("POST", base + "/types", cloud.admin(), "{\"volume_type\": {\"name\": \"%s\"}}"
                .formatted("n".repeat(256))), 400, "is too long");
        refused(cloud.call("POST", base + "/types", cloud.admin(), "{\"volume_type\": {\"description\": \"d\"}}"), 400,
                "Invalid input for field/attribute volume_type. Value: {'description': 'd'}. 'name' is a required property");
        refused(cloud.call("POST", base + "/types", cloud.admin(),
                "{\"volume_type\": {\"name\": \"x\", \"os-volume-type-access:is_public\": \"maybe\"}}"), 400,
                "'maybe' is not one of [True, 'True'");
        refused(cloud.call("PUT", base + "/types/" + DEFAULT, cloud.admin(), "{\"volume_type\": {}}"), 400,
                "Specify volume type name, description, is_public or a combination thereof.");
        refused(cloud.call("PUT", base + "/types/" + DEFAULT, cloud.admin(), "{\"volume_type\": {\"name\": \"twice\"}}"),
                409, "Volume Type twice already exists.");
        refused(cloud.call("DELETE", base + "/types/" + DEFAULT, cloud.admin(), null), 400,
                "The volume type %s is a default volume type and cannot be deleted.".formatted(DEFAULT));
        refused(cloud.call("GET", base + "/types?is_public=maybe", cloud.admin(), null), 400,
                "Invalid is_public filter [maybe]");
        JsonNode defaultType = ok(cloud.call("GET", base + "/types/default", member, null)).path("volume_type");
        assertThat(defaultType.path("id").asText()).isEqualTo(DEFAULT);
        assertThat(defaultType.path("name").asText()).isEqualTo("__DEFAULT__");
        refused(cloud.call("POST", base + "/volumes", member, "{\"volume\": {\"size\": 1, \"volume_type\": \"nope\"}}"),
                404, "Volume type with name nope could not be found.");
    }

    @Test
    void anAvailableVolumeIsRetypedInPlace() throws Exception {
        String silver = ok(cloud.call("POST", base + "/types", cloud.admin(), "{\"volume_type\": {\"name\": \"silver\"}}"))
                .at("/volume_type/id").asText();
        String volume = cloud.availableVolume(member, project);
        String action = base + "/volumes/" + volume + "/action";
        assertThat(cloud.call("POST", action, member, "{\"os-retype\": {\"new_type\": \"silver\", \"migration_policy\": \"never\"}}")
                .statusCode()).isEqualTo(202);
        JsonNode shown = ok(cloud.call("GET", base + "/volumes/" + volume, member, null,
                Map.of("OpenStack-API-Version", "volume 3.63"))).path("volume");
        assertThat(shown.path("volume_type").asText()).isEqualTo("silver");
        assertThat(shown.path("volume_type_id").asText()).isEqualTo(silver);
        assertThat(shown.path("status").asText()).isEqualTo("available");
        refused(cloud.call("POST", action, member, "{\"os-retype\": {\"new_type\": \"" + silver + "\"}}"), 400,
                "Invalid volume: Retype needs volume to be in available or in-use state");
        refused(cloud.call("POST", action, member, "{\"os-retype\": {\"new_type\": \"bronze\"}}"), 404,
                "Volume type with name bronze could not be found.");
        refused(cloud.call("POST", action, member, "{\"os-retype\": {\"new_type\": \"silver\", \"migration_policy\": \"always\"}}"),
                400, "Invalid input for field/attribute migration_policy. Value: always. 'always' is not one of ['on-demand', 'never']");
        refused(cloud.call("POST", action, member, "{\"os-retype\": {}}"), 400, "'new_type' is a required property");
        assertThat(cloud.call("POST", action, member, "{\"os-retype\": {\"new_type\": \"__DEFAULT__\"}}").statusCode())
                .isEqualTo(202);
        assertThat(ok(cloud.call("GET", base + "/volumes/" + volume, member, null)).at("/volume/volume_type").asText())
                .isEqualTo("__DEFAULT__");
    }

    @Test
    void aCopyWithoutATypeHasItsSourcesType() throws Exception {
        ok(cloud.call("POST", base + "/types", cloud.admin(), "{\"volume_type\": {\"name\": \"copper\"}}"));
        String source = JSON.readTree(cloud.call("POST", base + "/volumes", member,
                "{\"volume\": {\"size\": 1, \"volume_type\": \"copper\"}}").body()).at("/volume/id").asText();
        cloud.awaitField(base + "/volumes/" + source, member, "/volume/status", "available");
        HttpResponse<String> clone = cloud.call("POST", base + "/volumes", member,
                "{\"volume\": {\"source_volid\": \"%s\"}}".formatted(source));
        assertThat(clone.statusCode()).as(clone.body()).isEqualTo(202);
        assertThat(JSON.readTree(clone.body()).at("/volume/volume_type").asText()).isEqualTo("copper");
        HttpResponse<String> snapshot = cloud.call("POST", base + "/snapshots", member,
                "{\"snapshot\": {\"volume_id\": \"%s\"}}".formatted(source));
        assertThat(snapshot.statusCode()).as(snapshot.body()).isEqualTo(202);
        String snapshotId = JSON.readTree(snapshot.body()).at("/snapshot/id").asText();
        cloud.awaitField(base + "/snapshots/" + snapshotId, member, "/snapshot/status", "available");
        HttpResponse<String> fromSnapshot = cloud.call("POST", base + "/volumes", member,
                "{\"volume\": {\"snapshot_id\": \"%s\"}}".formatted(snapshotId));
        assertThat(fromSnapshot.statusCode()).as(fromSnapshot.body()).isEqualTo(202);
        assertThat(JSON.readTree(fromSnapshot.body()).at("/volume/volume_type").asText()).isEqualTo("copper");
    }

    private static final String DEFAULT = org.stackbox.volume.VolumeTypes.DEFAULT_TYPE_ID;

    private static List<String> names(String path, String token) throws Exception {
        List<String> names = new ArrayList<>();
        ok(cloud.call("GET", path, token, null)).path("volume_types").forEach(type -> names.add(type.path("name").asText()));
        return names;
    }

    private static void awaitGone(String path, String token) throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            if (cloud.call("GET", path, token, null).statusCode() == 404) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(path + " is still there");
    }
}
