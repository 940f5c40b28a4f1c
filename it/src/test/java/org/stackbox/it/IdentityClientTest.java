package org.stackbox.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Identity and the service catalog through the official clients, against a running {@code stackbox serve}. */
@Timeout(600)
class IdentityClientTest {
    @TempDir
    static Path work;

    private static StackboxProcess stackbox;
    private static Map<String, String> admin;
    private static Path home;

    @BeforeAll
    static void start() throws Exception {
        stackbox = StackboxProcess.start(work.resolve("data"));
        admin = stackbox.adminEnvironment();
        home = Files.createDirectories(work.resolve("home"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (stackbox != null) {
            stackbox.close();
        }
    }

    private static Cli.Result openstack(Map<String, String> environment, String... arguments) throws Exception {
        String[] command = new String[arguments.length + 1];
        command[0] = "openstack";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        return Cli.run(environment, home, command);
    }

    @Test
    void writesPrivateClientFilesAndServesTheCloudsYamlEntry() throws Exception {
        Path cloudsYaml = stackbox.dataDir().resolve("clouds.yaml");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cloudsYaml))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stackbox.dataDir().resolve("openrc")))).isEqualTo("rw-------");
        assertThat(stackbox.output()).contains("export OS_CLIENT_CONFIG_FILE=" + cloudsYaml).contains("OS_CLOUD=stackbox");

        Cli.Result token = Cli.run(Map.of("OS_CLIENT_CONFIG_FILE", cloudsYaml.toString()), home,
                "openstack", "--os-cloud", "stackbox", "token", "issue", "-f", "value", "-c", "id", "-c", "project_id").requireSuccess();
        String[] lines = token.stdout().strip().split("\n");
        assertThat(lines).hasSize(2);
        Http.Response validated = Http.send("GET", stackbox.url() + "/identity/v3/auth/tokens", lines[0], lines[0], null);
        assertThat(validated.status()).isEqualTo(200);
        assertThat(validated.json().at("/token/project/id").asText()).isEqualTo(lines[1]);
        assertThat(validated.json().at("/token/project/name").asText()).isEqualTo("admin");
        assertThat(validated.header("x-openstack-request-id")).startsWith("req-");
    }

    @Test
    void catalogListsEveryServiceWithAllInterfaces() throws Exception {
        String catalog = openstack(admin, "catalog", "list", "-f", "json").requireSuccess().stdout();
        for (String type : new String[] {"identity", "image", "block-storage", "volumev3", "compute", "network"}) {
            assertThat(catalog).contains("\"Type\": \"" + type + "\"");
        }
        String endpoints = openstack(admin, "endpoint", "list", "-f", "value", "-c", "Service Type", "-c", "Interface", "-c", "Region")
                .requireSuccess().stdout();
        assertThat(endpoints.lines().filter(line -> line.startsWith("RegionOne")).count()).isEqualTo(18);
        assertThat(endpoints).contains("RegionOne compute public", "RegionOne compute internal", "RegionOne compute admin");
    }

    @Test
    void projectsUsersAndRoleAssignments() throws Exception {
        openstack(admin, "project", "create", "--description", "first project", "demo1").requireSuccess();
        openstack(admin, "user", "create", "--password", "secret-one", "--project", "demo1", "user1").requireSuccess();
        openstack(admin, "role", "add", "--project", "demo1", "--user", "user1", "member").requireSuccess();

        String assignments = openstack(admin, "role", "assignment", "list", "--names", "-f", "value",
                "-c", "Role", "-c", "User", "-c", "Project").requireSuccess().stdout();
        assertThat(assignments).contains("member user1@Default demo1@Default").contains("admin admin@Default admin@Default");

        String project = openstack(admin, "project", "show", "demo1", "-f", "value", "-c", "description").requireSuccess().stdout();
        assertThat(project.strip()).isEqualTo("first project");

        // The new member can get a token for their project, and sees only what a member may see.
        Map<String, String> member = memberEnvironment("user1", "secret-one", "demo1");
        String memberToken = openstack(member, "token", "issue", "-f", "value", "-c", "user_id").requireSuccess().stdout().strip();
        assertThat(memberToken).hasSize(32);

        Cli.Result denied = openstack(member, "user", "create", "--password", "x", "intruder");
        assertThat(denied.exitCode()).isNotZero();
        assertThat(denied.output()).contains("HTTP 403").contains("identity:create_user");
        assertThat(openstack(admin, "user", "list", "-f", "value", "-c", "Name").requireSuccess().stdout()).doesNotContain("intruder");

        // Duplicate names are a conflict, and leave the first project as it was.
        Cli.Result duplicate = openstack(admin, "project", "create", "demo1");
        assertThat(duplicate.exitCode()).isNotZero();
        assertThat(duplicate.output()).contains("HTTP 409");
        assertThat(openstack(admin, "project", "list", "-f", "value", "-c", "Name").requireSuccess().stdout().lines()
                .filter("demo1"::equals).count()).isEqualTo(1);
    }

    @Test
    void rolesGrantedToAGroupReachItsMembersWhileTheyBelong() throws Exception {
        openstack(admin, "project", "create", "team-project").requireSuccess();
        openstack(admin, "user", "create", "--password", "secret-two", "carol").requireSuccess();
        openstack(admin, "group", "create", "--description", "who builds", "builders").requireSuccess();
        openstack(admin, "role", "add", "--project", "team-project", "--group", "builders", "member").requireSuccess();
        Map<String, String> carol = memberEnvironment("carol", "secret-two", "team-project");
        assertThat(openstack(carol, "token", "issue").exitCode()).as("not a member yet").isNotZero();

        openstack(admin, "group", "add", "user", "builders", "carol").requireSuccess();
        assertThat(openstack(admin, "group", "contains", "user", "builders", "carol").requireSuccess().stdout())
                .contains("carol in group builders");
        assertThat(openstack(carol, "token", "issue", "-f", "value", "-c", "project_id").requireSuccess().stdout().strip())
                .isEqualTo(openstack(admin, "project", "show", "team-project", "-f", "value", "-c", "id")
                        .requireSuccess().stdout().strip());
        assertThat(openstack(admin, "group", "list", "--user", "carol", "-f", "value", "-c", "Name")
                .requireSuccess().stdout().strip()).isEqualTo("builders");
        assertThat(openstack(admin, "user", "list", "--group", "builders", "-f", "value", "-c", "Name")
                .requireSuccess().stdout().strip()).isEqualTo("carol");
        assertThat(openstack(admin, "role", "assignment", "list", "--names", "--project", "team-project", "-f", "value",
                "-c", "Role", "-c", "Group").requireSuccess().stdout().strip())
                .isEqualTo("member builders@Default");
        assertThat(openstack(admin, "role", "assignment", "list", "--names", "--effective", "--project", "team-project",
                "-f", "value", "-c", "Role", "-c", "User").requireSuccess().stdout())
                .contains("member carol@Default").doesNotContain("builders");

        Cli.Result duplicate = openstack(admin, "group", "create", "builders");
        assertThat(duplicate.exitCode()).isNotZero();
        assertThat(duplicate.output()).contains("HTTP 409");

        openstack(admin, "group", "remove", "user", "builders", "carol").requireSuccess();
        assertThat(openstack(carol, "token", "issue").exitCode()).as("no longer a member").isNotZero();
        Cli.Result notMember = openstack(admin, "group", "remove", "user", "builders", "carol");
        assertThat(notMember.exitCode()).isNotZero();
        openstack(admin, "group", "delete", "builders").requireSuccess();
        assertThat(openstack(admin, "role", "assignment", "list", "--project", "team-project", "-f", "value")
                .requireSuccess().stdout()).isBlank();
    }

    @Test
    void regionsMakeATreeThatEndpointsHoldTogether() throws Exception {
        openstack(admin, "region", "create", "--description", "a campus", "Campus").requireSuccess();
        openstack(admin, "region", "create", "--parent-region", "Campus", "Lab").requireSuccess();
        assertThat(openstack(admin, "region", "show", "Lab", "-f", "value", "-c", "parent_region").requireSuccess()
                .stdout().strip()).isEqualTo("Campus");
        openstack(admin, "region", "set", "--description", "the lab", "Lab").requireSuccess();
        assertThat(openstack(admin, "region", "list", "--parent-region", "Campus", "-f", "value", "-c", "Region",
                "-c", "Description").requireSuccess().stdout().strip()).isEqualTo("Lab the lab");

        Cli.Result circle = openstack(admin, "region", "set", "--parent-region", "Lab", "Campus");
        assertThat(circle.exitCode()).isNotZero();
        assertThat(circle.output()).contains("HTTP 400").contains("Circular reference");
        assertThat(openstack(admin, "region", "show", "Campus", "-f", "value", "-c", "parent_region").requireSuccess()
                .stdout().strip()).isEqualTo("None");

        String service = openstack(admin, "service", "create", "--name", "lab-service", "lab", "-f", "value", "-c", "id")
                .requireSuccess().stdout().strip();
        String endpoint = openstack(admin, "endpoint", "create", "--region", "Lab", service, "public",
                "http://127.0.0.1:9/lab", "-f", "value", "-c", "id").requireSuccess().stdout().strip();
        Cli.Result held = openstack(admin, "region", "delete", "Campus");
        assertThat(held.exitCode()).isNotZero();
        assertThat(openstack(admin, "region", "list", "-f", "value", "-c", "Region").requireSuccess().stdout())
                .contains("Campus").contains("Lab");

        openstack(admin, "endpoint", "delete", endpoint).requireSuccess();
        openstack(admin, "service", "delete", service).requireSuccess();
        openstack(admin, "region", "delete", "Campus").requireSuccess();
        assertThat(openstack(admin, "region", "list", "-f", "value", "-c", "Region").requireSuccess().stdout().strip())
                .isEqualTo("RegionOne");
    }

    @Test
    void legacyClientsReachTheirEmptyServices() throws Exception {
        Cli.Result nova = Cli.run(admin, home, "nova", "list").requireSuccess();
        assertThat(nova.stdout()).contains("| ID | Name | Status |");
        Cli.Result glance = Cli.run(admin, home, "glance", "image-list").requireSuccess();
        assertThat(glance.stdout()).contains("| ID | Name |");
        assertThat(glance.stderr()).doesNotContain("falling back to v1");
        Cli.Result cinder = Cli.run(admin, home, "cinder", "list").requireSuccess();
        assertThat(cinder.stdout()).contains("| ID | Status | Name | Size |");
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        Map<String, String> wrong = new HashMap<>(admin);
        wrong.put("OS_PASSWORD", "not-the-password");
        Cli.Result result = openstack(wrong, "token", "issue");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("The request you have made requires authentication.").contains("HTTP 401");
    }

    @Test
    void revokedTokensAreRefused() throws Exception {
        String token = Http.token(stackbox.url() + "/identity", "admin", admin.get("OS_PASSWORD"), "admin");
        String other = Http.token(stackbox.url() + "/identity", "admin", admin.get("OS_PASSWORD"), "admin");
        assertThat(Http.send("HEAD", stackbox.url() + "/identity/v3/auth/tokens", other, token, null).status()).isEqualTo(200);
        assertThat(Http.send("DELETE", stackbox.url() + "/identity/v3/auth/tokens", other, token, null).status()).isEqualTo(204);

        Http.Response refused = Http.send("GET", stackbox.url() + "/identity/v3/projects", token, null, null);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).isEqualTo("Keystone uri=\"" + stackbox.url() + "/identity\"");
        assertThat(refused.json().at("/error/code").asInt()).isEqualTo(401);
        assertThat(Http.send("GET", stackbox.url() + "/identity/v3/auth/tokens", other, token, null).status()).isEqualTo(404);
        assertThat(Http.send("GET", stackbox.url() + "/compute/v2.1/servers", token, null, null).status()).isEqualTo(401);
        assertThat(Http.send("GET", stackbox.url() + "/compute/v2.1/servers", "bogus", null, null).status()).isEqualTo(401);
    }

    @Test
    void malformedJsonIsABadRequestThatCreatesNothing() throws Exception {
        String token = Http.token(stackbox.url() + "/identity", "admin", admin.get("OS_PASSWORD"), "admin");
        Http.Response response = Http.send("POST", stackbox.url() + "/identity/v3/projects", token, null, "{\"project\": {\"name\": \"half\"");
        assertThat(response.status()).isEqualTo(400);
        JsonNode error = response.json().get("error");
        assertThat(error.get("code").asInt()).isEqualTo(400);
        assertThat(error.get("message").asText()).startsWith("Malformed JSON in request body");

        Http.Response notAnObject = Http.send("POST", stackbox.url() + "/identity/v3/auth/tokens", null, null, "[1, 2]");
        assertThat(notAnObject.status()).isEqualTo(400);
        assertThat(notAnObject.json().at("/error/message").asText()).isEqualTo("The request body must be a JSON object.");

        Http.Response missingField = Http.send("POST", stackbox.url() + "/identity/v3/projects", token, null, "{\"project\": {}}");
        assertThat(missingField.status()).isEqualTo(400);
        assertThat(missingField.json().at("/error/message").asText()).isEqualTo("'name' is a required property");

        assertThat(openstack(admin, "project", "list", "-f", "value", "-c", "Name").requireSuccess().stdout()).doesNotContain("half");
    }

    @Test
    void unknownRoutesAnswerAJsonNotFound() throws Exception {
        Http.Response response = Http.send("GET", stackbox.url() + "/compute/v2.1/no-such-thing", null, null, null);
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().at("/itemNotFound/code").asInt()).isEqualTo(404);
        assertThat(response.header("x-openstack-request-id")).startsWith("req-");

        Http.Response identity = Http.send("GET", stackbox.url() + "/identity/v3/nonexistent", null, null, null);
        assertThat(identity.status()).isEqualTo(404);
        assertThat(identity.json().at("/error/title").asText()).isEqualTo("Not Found");
    }

    private static Map<String, String> memberEnvironment(String user, String password, String project) {
        Map<String, String> environment = new HashMap<>(admin);
        environment.put("OS_USERNAME", user);
        environment.put("OS_PASSWORD", password);
        environment.put("OS_PROJECT_NAME", project);
        return environment;
    }
}
