package org.stackbox.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Starting, stopping and restarting {@code stackbox serve}: what survives and what is refused. */
@Timeout(600)
class ServeLifecycleTest {
    @TempDir
    Path work;

    @Test
    void restartKeepsUsersProjectsAndTokens() throws Exception {
        Path data = work.resolve("data");
        Path home = work.resolve("home");
        java.nio.file.Files.createDirectories(home);
        String token;
        Map<String, String> admin;
        int port;
        try (StackboxProcess first = StackboxProcess.start(data)) {
            admin = first.adminEnvironment();
            port = first.port();
            Cli.run(admin, home, "openstack", "project", "create", "kept").requireSuccess();
            Cli.run(admin, home, "openstack", "user", "create", "--password", "pw-kept", "--project", "kept", "keeper").requireSuccess();
            Cli.run(admin, home, "openstack", "role", "add", "--project", "kept", "--user", "keeper", "member").requireSuccess();
            token = Http.token(first.url() + "/identity", "keeper", "pw-kept", "kept");
            assertThat(first.terminate()).isIn(0, 143);
            assertThat(first.output()).contains("Stopping");
        }
        try (StackboxProcess second = StackboxProcess.start(data, port)) {
            assertThat(second.isAlive()).isTrue();
            Http.Response validated = Http.send("GET", second.url() + "/identity/v3/auth/tokens", token, token, null);
            assertThat(validated.status()).isEqualTo(200);
            assertThat(validated.json().at("/token/user/name").asText()).isEqualTo("keeper");
            assertThat(validated.json().at("/token/project/name").asText()).isEqualTo("kept");
            // The admin password was not changed by the restart; the files still work.
            String users = Cli.run(second.adminEnvironment(), home, "openstack", "user", "list", "-f", "value", "-c", "Name")
                    .requireSuccess().stdout();
            assertThat(users.lines()).contains("admin", "keeper");
            assertThat(second.adminEnvironment()).isEqualTo(admin);
        }
    }

    @Test
    void aSecondServeOnTheSameDataDirectoryRefuses() throws Exception {
        Path data = work.resolve("data");
        try (StackboxProcess first = StackboxProcess.start(data)) {
            try (StackboxProcess second = StackboxProcess.start(data)) {
                assertThat(second.waitForExit(Duration.ofSeconds(30))).isNotZero();
                assertThat(second.output()).contains("is already serving the data directory " + data.toAbsolutePath());
            }
            assertThat(first.isAlive()).isTrue();
        }
    }

    @Test
    void servesFromPostgresql() throws Exception {
        String url = System.getenv("STACKBOX_TEST_POSTGRES_URL");
        if (url == null && "1".equals(System.getenv("STACKBOX_REQUIRE_POSTGRES"))) {
            throw new AssertionError("STACKBOX_REQUIRE_POSTGRES is set but STACKBOX_TEST_POSTGRES_URL is not");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(url != null, "STACKBOX_TEST_POSTGRES_URL is not set (scripts/test sets it)");
        String database = url.replaceFirst("/[^/]*$", "/stackbox_serve");
        Path data = work.resolve("data");
        Path home = java.nio.file.Files.createDirectories(work.resolve("home"));
        try (StackboxProcess stackbox = StackboxProcess.start(data, "--database", database)) {
            assertThat(stackbox.output()).contains("database jdbc:postgresql://");
            Map<String, String> admin = stackbox.adminEnvironment();
            Cli.run(admin, home, "openstack", "project", "create", "on-postgres").requireSuccess();
            assertThat(Cli.run(admin, home, "openstack", "project", "list", "-f", "value", "-c", "Name").requireSuccess().stdout().lines())
                    .contains("admin", "on-postgres");
            assertThat(java.nio.file.Files.exists(data.resolve("stackbox.db"))).isFalse();
        }
    }

    @Test
    void expiredTokensAreRefused() throws Exception {
        Path data = work.resolve("data");
        try (StackboxProcess stackbox = StackboxProcess.start(data, "--token-lifetime", "PT2S")) {
            Map<String, String> admin = new HashMap<>(stackbox.adminEnvironment());
            String token = Http.token(stackbox.url() + "/identity", "admin", admin.get("OS_PASSWORD"), "admin");
            assertThat(Http.send("GET", stackbox.url() + "/identity/v3/projects", token, null, null).status()).isEqualTo(200);
            Thread.sleep(2500);
            Http.Response expired = Http.send("GET", stackbox.url() + "/identity/v3/projects", token, null, null);
            assertThat(expired.status()).isEqualTo(401);
            assertThat(expired.json().at("/error/message").asText()).isEqualTo("The request you have made requires authentication.");
        }
    }
}
