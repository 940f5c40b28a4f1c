package org.stackbox.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.stackbox.api.AuthorizedRoute;
import org.stackbox.volume.VolumeTypes;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the authorization matrix calls with: the owning project ("one") with a member, a reader and a manager,
 * another project ("two") with a member, and one real resource of project one for every path parameter, made through
 * the API as its users make them (the server is a record in ERROR: no guest is needed for an authorization decision).
 * Routes that delete an identity resource get one made to be deleted, so the callers keep their users and projects.
 */
final class MatrixResources {
    static final String OWNER = "alice";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PARAMETER = Pattern.compile("\\{([a-z]+)}");

    private final InProcessCloud cloud;
    final String projectOne;
    final String projectTwo;
    final String projectThree;
    final String aliceId;
    final List<MatrixCaller> callers;
    private final String grantee;
    private final String readerRole;
    private final String region;
    private final String server;
    private final String volume;
    private final String snapshot;
    private final String transfer;
    private final String qosSpecs;
    private final String attachment;
    private final String image;
    private final String imageTwo;
    private final String network;
    private final String subnet;
    private final String port;
    private final String securityGroup;
    private final String securityGroupRule;
    private final String router;
    private final String floatingIp;
    private final String serverGroup;
    private final String doomedProject;
    private final String doomedUser;
    private final String doomedRole;
    private final String doomedDomain;
    private final String doomedService;
    private final String doomedEndpoint;
    private final String group;
    private final String doomedGroup;
    private final String doomedRegion;
    private final String subjectToken;

    MatrixResources(InProcessCloud cloud) throws Exception {
        this.cloud = cloud;
        projectOne = cloud.project("one");
        projectTwo = cloud.project("two");
        projectThree = cloud.project("three");
        aliceId = cloud.user(OWNER, "member", projectOne);
        String ritaId = cloud.user("rita", "reader", projectOne);
        String miaId = cloud.user("mia", "manager", projectOne);
        String bobId = cloud.user("bob", "member", projectTwo);
        grantee = cloud.user("gus", "reader", projectThree);
        readerRole = JSON.readTree(cloud.call("GET", "/identity/v3/roles?name=reader", cloud.admin(), null).body())
                .at("/roles/0/id").asText();
        region = JSON.readTree(cloud.call("GET", "/identity/v3/regions", cloud.admin(), null).body())
                .at("/regions/0/id").asText();
        String adminId = JSON.readTree(cloud.call("GET", "/identity/v3/users?name=admin", cloud.admin(), null).body())
                .at("/users/0/id").asText();
        String adminProject = JSON.readTree(cloud.call("GET", "/identity/v3/projects?name=admin", cloud.admin(), null).body())
                .at("/projects/0/id").asText();
        String alice = cloud.tokenOf(OWNER, projectOne);
        subjectToken = cloud.tokenOf(OWNER, projectOne);
        callers = List.of(
                MatrixCaller.unauthenticated("no-token", null),
                MatrixCaller.unauthenticated("expired", expiredToken()),
                MatrixCaller.unauthenticated("revoked", revokedToken()),
                MatrixCaller.valid("unscoped", cloud.unscopedTokenOf(OWNER), aliceId, null, "member"),
                MatrixCaller.valid("other-member", cloud.tokenOf("bob", projectTwo), bobId, projectTwo, "member"),
                MatrixCaller.valid("reader", cloud.tokenOf("rita", projectOne), ritaId, projectOne, "reader"),
                MatrixCaller.valid("member", alice, aliceId, projectOne, "member"),
                MatrixCaller.valid("manager", cloud.tokenOf("mia", projectOne), miaId, projectOne, "manager"),
                MatrixCaller.valid("admin", cloud.admin(), adminId, adminProject, "admin"));

        server = insertServerInError();
        volume = made(alice, "/volume/v3/%s/volumes".formatted(projectOne), "{\"volume\": {\"size\": 1, \"name\": \"vol-one\"}}",
                202, "/volume/id");
        awaitStatus(alice, "/volume/v3/%s/volumes/%s".formatted(projectOne, volume), "/volume/status", "available");
        snapshot = made(alice, "/volume/v3/%s/snapshots".formatted(projectOne),
                "{\"snapshot\": {\"volume_id\": \"%s\", \"name\": \"snap-one\"}}".formatted(volume), 202, "/snapshot/id");
        awaitStatus(alice, "/volume/v3/%s/snapshots/%s".formatted(projectOne, snapshot), "/snapshot/status", "available");
        String offered = made(alice, "/volume/v3/%s/volumes".formatted(projectOne),
                "{\"volume\": {\"size\": 1, \"name\": \"vol-offered\"}}", 202, "/volume/id");
        awaitStatus(alice, "/volume/v3/%s/volumes/%s".formatted(projectOne, offered), "/volume/status", "available");
        transfer = made(alice, "/volume/v3/%s/os-volume-transfer".formatted(projectOne),
                "{\"transfer\": {\"volume_id\": \"%s\", \"name\": \"offer-one\"}}".formatted(offered), 202,
                "/transfer/id");
        attachment = made(alice, "/volume/v3/%s/attachments".formatted(projectOne),
                "{\"attachment\": {\"volume_uuid\": \"%s\", \"instance_uuid\": \"%s\"}}".formatted(volume, server),
                200, "/attachment/id", Map.of("OpenStack-API-Version", "volume 3.27"));
        image = made(alice, "/image/v2/images", "{\"name\": \"img-one\", \"disk_format\": \"raw\", "
                + "\"container_format\": \"bare\", \"visibility\": \"shared\"}", 201, "/id");
        HttpResponse<String> uploaded = cloud.call("PUT", "/image/v2/images/" + image + "/file", alice,
                "matrix image data\n".repeat(64), Map.of("Content-Type", "application/octet-stream"));
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(204);
        made(alice, "/image/v2/images/" + image + "/members", "{\"member\": \"%s\"}".formatted(projectThree), 200, "/member_id");
        imageTwo = made(alice, "/image/v2/images", "{\"name\": \"img-two\"}", 201, "/id");
        network = made(alice, "/network/v2.0/networks", "{\"network\": {\"name\": \"net-one\"}}", 201, "/network/id");
        subnet = made(alice, "/network/v2.0/subnets", "{\"subnet\": {\"network_id\": \"%s\", \"cidr\": \"10.77.0.0/24\", \"ip_version\": 4}}"
                .formatted(network), 201, "/subnet/id");
        securityGroup = made(alice, "/network/v2.0/security-groups", "{\"security_group\": {\"name\": \"sg-one\"}}", 201,
                "/security_group/id");
        securityGroupRule = made(alice, "/network/v2.0/security-group-rules", ("{\"security_group_rule\": "
                + "{\"security_group_id\": \"%s\", \"direction\": \"ingress\", \"protocol\": \"tcp\", "
                + "\"port_range_min\": 22, \"port_range_max\": 22}}").formatted(securityGroup), 201, "/security_group_rule/id");
        // The port uses the group, so that no caller's delete of the group succeeds before the next caller's turn.
        port = made(alice, "/network/v2.0/ports", "{\"port\": {\"network_id\": \"%s\", \"security_groups\": [\"%s\"]}}"
                .formatted(network, securityGroup), 201, "/port/id");
        String external = made(cloud.admin(), "/network/v2.0/networks",
                "{\"network\": {\"name\": \"public\", \"router:external\": true}}", 201, "/network/id");
        made(cloud.admin(), "/network/v2.0/subnets", ("{\"subnet\": {\"network_id\": \"%s\", \"cidr\": "
                + "\"172.24.4.0/24\", \"ip_version\": 4}}").formatted(external), 201, "/subnet/id");
        router = made(alice, "/network/v2.0/routers", "{\"router\": {\"name\": \"router-one\", "
                + "\"external_gateway_info\": {\"network_id\": \"%s\"}}}".formatted(external), 201, "/router/id");
        // The interface keeps the router from any caller's delete before the next caller's turn.
        HttpResponse<String> joined = cloud.call("PUT", "/network/v2.0/routers/" + router + "/add_router_interface",
                alice, "{\"subnet_id\": \"%s\"}".formatted(subnet), Map.of());
        assertThat(joined.statusCode()).as(joined.body()).isEqualTo(200);
        floatingIp = made(alice, "/network/v2.0/floatingips", "{\"floatingip\": {\"floating_network_id\": \"%s\"}}"
                .formatted(external), 201, "/floatingip/id");
        made(alice, "/compute/v2.1/os-keypairs", "{\"keypair\": {\"name\": \"key-one\"}}", 200, "/keypair/name");
        serverGroup = made(alice, "/compute/v2.1/os-server-groups",
                "{\"server_group\": {\"name\": \"group-one\", \"policies\": [\"affinity\"]}}", 200, "/server_group/id");
        made(cloud.admin(), "/compute/v2.1/flavors/1/os-extra_specs", "{\"extra_specs\": {\"hw:cpu_policy\": \"shared\"}}",
                200, "/extra_specs/hw:cpu_policy");

        qosSpecs = made(cloud.admin(), "/volume/v3/%s/qos-specs".formatted(projectOne),
                "{\"qos_specs\": {\"name\": \"qos-one\", \"read_iops_sec\": \"100\"}}", 200, "/qos_specs/id");

        doomedProject = cloud.project("doomed");
        doomedUser = cloud.user("doomed", "reader", projectThree);
        doomedRole = cloud.create("/identity/v3/roles", "{\"role\": {\"name\": \"doomed\"}}").at("/role/id").asText();
        doomedDomain = cloud.create("/identity/v3/domains", "{\"domain\": {\"name\": \"doomed\", \"enabled\": false}}")
                .at("/domain/id").asText();
        doomedService = cloud.create("/identity/v3/services", "{\"service\": {\"name\": \"doomed\", \"type\": \"doomed\"}}")
                .at("/service/id").asText();
        doomedEndpoint = cloud.create("/identity/v3/endpoints", ("{\"endpoint\": {\"service_id\": \"%s\", \"interface\": "
                + "\"public\", \"url\": \"http://127.0.0.1:9/doomed\", \"region_id\": \"%s\"}}").formatted(doomedService, region))
                .at("/endpoint/id").asText();
        group = cloud.create("/identity/v3/groups", "{\"group\": {\"name\": \"readers\"}}").at("/group/id").asText();
        doomedRegion = cloud.create("/identity/v3/regions", "{\"region\": {\"id\": \"doomed\"}}").at("/region/id").asText();
        doomedGroup = cloud.create("/identity/v3/groups", "{\"group\": {\"name\": \"doomed\"}}").at("/group/id").asText();
    }

    /** The case's path with every parameter filled for {@code caller}. */
    String path(MatrixCase request, MatrixCaller caller) {
        AuthorizedRoute route = request.route();
        Matcher parameters = PARAMETER.matcher(route.path());
        StringBuilder path = new StringBuilder();
        while (parameters.find()) {
            parameters.appendReplacement(path, Matcher.quoteReplacement(value(request, parameters.group(1), caller)));
        }
        return parameters.appendTail(path).toString();
    }

    /** The user of the token that the token routes name in {@code X-Subject-Token}. */
    String subjectUser() {
        return aliceId;
    }

    /** The token the token routes name; a revocation gets a token of its own, so the next caller's still exists. */
    String subjectToken(AuthorizedRoute route) throws Exception {
        return route.method().equals("DELETE") ? cloud.tokenOf(OWNER, projectOne) : subjectToken;
    }

    private String value(MatrixCase request, String parameter, MatrixCaller caller) {
        AuthorizedRoute route = request.route();
        String path = route.path();
        boolean deletesIt = route.method().equals("DELETE") && path.endsWith("/{id}");
        return switch (parameter) {
            case "project" -> path.startsWith("/volume/") ? callersProject(caller) : projectOne;
            case "target" -> path.startsWith("/volume/") ? projectOne
                    : path.startsWith("/identity/v3/projects/") ? projectThree : "default";
            case "user" -> grantee;
            case "actor" -> path.contains("/groups/{actor}") ? group : grantee;
            case "role" -> readerRole;
            case "member" -> projectThree;
            case "name" -> "key-one";
            case "key" -> "hw:cpu_policy";
            case "tag" -> "matrix";
            case "alias" -> "stackbox-iso-media";
            case "volume" -> volume;
            case "host" -> "stackbox@local";
            case "port" -> port;
            case "network" -> "private";
            case "request" -> "req-" + UUID.randomUUID();
            case "migration" -> "1";
            case "before" -> "2026-06-01%2000:00:00";
            case "id" -> identifier(path, deletesIt, request.action().filter(action -> action.startsWith("visibility=")).isPresent());
            default -> throw new IllegalStateException("No resource for {%s} of %s".formatted(parameter, route));
        };
    }

    /** The resource an {@code {id}} names; a change of an image's visibility gets an image of its own. */
    private String identifier(String path, boolean deletesIt, boolean visibility) {
        String collection = path.substring(0, path.indexOf("/{id}"));
        return switch (collection) {
            case "/compute/v2.1/servers" -> server;
            case "/compute/v2.1/flavors" -> "1";
            case "/compute/v2.1/os-hypervisors" -> "1";
            case "/volume/v3/{project}/volumes" -> volume;
            case "/volume/v3/{project}/snapshots" -> snapshot;
            case "/volume/v3/{project}/attachments" -> attachment;
            case "/volume/v3/{project}/os-volume-transfer", "/volume/v3/{project}/volume-transfers" -> transfer;
            case "/volume/v3/{project}/types" -> VolumeTypes.DEFAULT_TYPE_ID;
            case "/volume/v3/{project}/qos-specs" -> qosSpecs;
            case "/image/v2/images" -> visibility ? imageTwo : image;
            case "/compute/v2.1/images" -> image;
            case "/compute/v2.1/os-server-groups" -> serverGroup;
            case "/compute/v2.1/os-volumes" -> volume;
            case "/compute/v2.1/os-snapshots" -> snapshot;
            case "/compute/v2.1/os-quota-class-sets" -> "default";
            case "/network/v2.0/networks" -> network;
            case "/network/v2.0/subnets" -> subnet;
            case "/network/v2.0/ports" -> port;
            case "/network/v2.0/security-groups", "/compute/v2.1/os-security-groups" -> securityGroup;
            case "/network/v2.0/security-group-rules" -> securityGroupRule;
            case "/network/v2.0/routers" -> router;
            case "/network/v2.0/floatingips" -> floatingIp;
            // A user-mode cloud has no agents: the rule is decided before the lookup (404 for who may look).
            case "/network/v2.0/agents" -> "5e7d3a53-0000-4000-8000-000000000000";
            case "/identity/v3/projects" -> deletesIt ? doomedProject : projectOne;
            case "/identity/v3/users" -> deletesIt ? doomedUser : aliceId;
            case "/identity/v3/roles" -> deletesIt ? doomedRole : readerRole;
            case "/identity/v3/domains" -> deletesIt ? doomedDomain : "default";
            case "/identity/v3/services" -> doomedService;
            case "/identity/v3/endpoints" -> doomedEndpoint;
            case "/identity/v3/regions" -> deletesIt ? doomedRegion : region;
            case "/identity/v3/groups" -> deletesIt ? doomedGroup : group;
            default -> throw new IllegalStateException("No resource for " + path);
        };
    }

    /** The project a client puts in a Cinder URL: its token's, or project one's for a token without one. */
    private String callersProject(MatrixCaller caller) {
        return caller.credentials().filter(held -> held.projectId() != null).map(held -> held.projectId()).orElse(projectOne);
    }

    /** A server record of project one in ERROR, written as Stackbox writes one whose build failed. */
    private String insertServerInError() throws Exception {
        String id = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        try (Connection database = DriverManager.getConnection("jdbc:sqlite:" + cloud.data().databaseFile());
             PreparedStatement insert = database.prepareStatement("""
                     INSERT INTO compute_servers (id, project_id, user_id, name, flavor_id, status, power_state,
                         config_drive, metadata, networks, availability_zone, fault_code, fault_message, created_at, updated_at)
                     VALUES (?, ?, ?, 'server-one', '1', 'ERROR', 0, 0, '{}', '[]', 'nova', 500, 'No valid host', ?, ?)""")) {
            insert.setString(1, id);
            insert.setString(2, projectOne);
            insert.setString(3, aliceId);
            insert.setLong(4, now);
            insert.setLong(5, now);
            insert.executeUpdate();
        }
        return id;
    }

    /** A token of alice whose expiry has passed: issued as any other, then its expiry moved into the past. */
    private String expiredToken() throws Exception {
        String token = cloud.tokenOf(OWNER, projectOne);
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        try (Connection database = DriverManager.getConnection("jdbc:sqlite:" + cloud.data().databaseFile());
             PreparedStatement expire = database.prepareStatement("UPDATE tokens SET expires_at = ? WHERE token_hash = ?")) {
            expire.setLong(1, System.currentTimeMillis() - Duration.ofMinutes(1).toMillis());
            expire.setString(2, HexFormat.of().formatHex(hash));
            assertThat(expire.executeUpdate()).isEqualTo(1);
        }
        return token;
    }

    /** A token of alice that she revoked herself. */
    private String revokedToken() throws Exception {
        String token = cloud.tokenOf(OWNER, projectOne);
        HttpResponse<String> revoked = cloud.call("DELETE", "/identity/v3/auth/tokens", token, null,
                Map.of("X-Subject-Token", token));
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(204);
        return token;
    }

    private String made(String token, String path, String body, int status, String idPointer) throws Exception {
        return made(token, path, body, status, idPointer, Map.of());
    }

    private String made(String token, String path, String body, int status, String idPointer, Map<String, String> headers)
            throws Exception {
        HttpResponse<String> response = cloud.call("POST", path, token, body, headers);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(status);
        return JSON.readTree(response.body()).at(idPointer).asText();
    }

    private void awaitStatus(String token, String path, String pointer, String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonNode shown = JSON.readTree(cloud.call("GET", path, token, null).body());
            if (shown.at(pointer).asText().equals(status)) {
                return;
            }
            assertThat(System.nanoTime()).as(path + " did not become " + status + ": " + shown).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
