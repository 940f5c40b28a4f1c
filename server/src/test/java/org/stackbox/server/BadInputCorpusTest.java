package org.stackbox.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad-input corpus ({@code src/test/resources/bad-input/*.yaml}) against a whole Stackbox: every case is refused
 * with its status and the service's own message in the service's JSON fault body (never HTML, never a 500), within a
 * second, and leaves nothing behind: no file under the data directory, no database row, no child process, no quota
 * usage. The resources the cases name ({server}, {volume} ...) are made once before them.
 */
class BadInputCorpusTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SERVICES = List.of("identity", "image", "volume", "network", "compute");
    private static final Duration LIMIT = Duration.ofSeconds(1);
    private static final String UNKNOWN = "6a1e0a39-5d6b-4c2f-9d0e-1b2c3d4e5f60";

    @TempDir
    static Path root;

    private static InProcessCloud cloud;
    private static String member;
    private static final Map<String, String> PLACES = new LinkedHashMap<>();
    private static final Map<String, Tally> PASSED = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        cloud = InProcessCloud.start(root.resolve("data"), "");
        String project = cloud.project("corpus");
        String user = cloud.user("mia", "member", project);
        member = cloud.tokenOf("mia", project);
        PLACES.put("project", project);
        PLACES.put("user", user);
        PLACES.put("unknown", UNKNOWN);
        PLACES.put("image", cloud.activeImage(member));
        PLACES.put("volume", cloud.availableVolume(member, project));
        String network = created("/network/v2.0/networks", "{\"network\": {\"name\": \"net\"}}", "/network/id");
        PLACES.put("network", network);
        PLACES.put("subnet", created("/network/v2.0/subnets", """
                {"subnet": {"network_id": "%s", "cidr": "10.20.0.0/24", "ip_version": 4}}""".formatted(network), "/subnet/id"));
        PLACES.put("port", created("/network/v2.0/ports", """
                {"port": {"network_id": "%s"}}""".formatted(network), "/port/id"));
        PLACES.put("server", cloud.activeServer(member, PLACES.get("image")));
        HttpResponse<String> external = cloud.call("POST", "/network/v2.0/networks", cloud.admin(),
                "{\"network\": {\"name\": \"public\", \"router:external\": true}}");
        PLACES.put("external", JSON.readTree(external.body()).at("/network/id").asText());
        assertThat(cloud.call("POST", "/network/v2.0/subnets", cloud.admin(), """
                {"subnet": {"network_id": "%s", "cidr": "172.24.4.0/24", "ip_version": 4}}""".formatted(
                PLACES.get("external"))).statusCode()).isEqualTo(201);
        PLACES.put("router", created("/network/v2.0/routers", """
                {"router": {"name": "r", "external_gateway_info": {"network_id": "%s"}}}""".formatted(
                PLACES.get("external")), "/router/id"));
        assertThat(cloud.call("PUT", "/network/v2.0/routers/%s/add_router_interface".formatted(PLACES.get("router")),
                member, "{\"subnet_id\": \"%s\"}".formatted(PLACES.get("subnet"))).statusCode()).isEqualTo(200);
        PLACES.put("secgroup", created("/network/v2.0/security-groups", """
                {"security_group": {"name": "web"}}""", "/security_group/id"));
        PLACES.put("default_group", JSON.readTree(cloud.call("GET", "/network/v2.0/security-groups?name=default", member,
                null).body()).at("/security_groups/0/id").asText());
        String strangers = cloud.project("stranger");
        cloud.user("sam", "member", strangers);
        String stranger = cloud.tokenOf("sam", strangers);
        HttpResponse<String> foreign = cloud.call("POST", "/network/v2.0/security-groups", stranger,
                "{\"security_group\": {\"name\": \"theirs\"}}");
        assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(201);
        PLACES.put("foreign_group", JSON.readTree(foreign.body()).at("/security_group/id").asText());
    }

    @AfterAll
    static void stop() throws Exception {
        if (cloud != null) {
            try {
                if (PLACES.containsKey("server")) {
                    cloud.deleteServer(member, PLACES.get("server"));
                }
            } finally {
                cloud.close();
            }
        }
        PASSED.forEach((service, tally) -> System.out.printf("bad-input corpus: %s: %d cases, %d refused as expected, %d pending%n",
                service, tally.cases.get(), tally.refused.get(), tally.pending.get()));
    }

    private static String created(String path, String body, String idPointer) throws IOException, InterruptedException {
        HttpResponse<String> response = cloud.call("POST", path, member, body);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).at(idPointer).asText();
    }

    @TestFactory
    Stream<DynamicContainer> corpus() throws IOException {
        List<DynamicContainer> services = new ArrayList<>();
        for (String service : SERVICES) {
            List<BadInputCase> cases = BadInputCase.load(service);
            assertThat(cases.stream().map(BadInputCase::name).collect(Collectors.toSet()))
                    .as("names of the %s cases are unique", service).hasSize(cases.size());
            services.add(DynamicContainer.dynamicContainer(service, cases.stream()
                    .map(each -> DynamicTest.dynamicTest(each.name(), () -> check(each)))));
        }
        return services.stream();
    }

    private static void check(BadInputCase each) throws Exception {
        PASSED.computeIfAbsent(each.service(), service -> new Tally()).cases.incrementAndGet();
        each.pending().ifPresent(reason -> {
            PASSED.get(each.service()).pending.incrementAndGet();
            Assumptions.abort("pending: " + reason);
        });
        Leftovers before = Leftovers.of(cloud);
        String token = switch (each.as()) {
            case MEMBER -> member;
            case ADMIN -> cloud.admin();
            case NOBODY -> null;
        };
        long started = System.nanoTime();
        HttpResponse<String> response = cloud.call(each.method(), BadInputCase.substitute(each.path(), PLACES), token,
                each.body().map(body -> BadInputCase.substitute(body, PLACES)).orElse(null),
                substituted(each.headers()));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        String answer = response.statusCode() + " " + response.body();
        assertThat(response.headers().firstValue("Content-Type").orElse("")).as(answer).startsWith("application/json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(response.statusCode()).as(answer).isEqualTo(each.status());
        assertThat(BadInputCase.faultMessage(body)).as(answer).hasValueSatisfying(
                message -> assertThat(message).contains(BadInputCase.substitute(each.message(), PLACES)));
        assertThat(took).as("time taken").isLessThan(LIMIT);
        Leftovers.of(cloud).assertSameAs(before);
        PASSED.get(each.service()).refused.incrementAndGet();
    }

    /** Per service: the cases, those refused as expected, those pending. */
    private record Tally(AtomicInteger cases, AtomicInteger refused, AtomicInteger pending) {
        Tally() {
            this(new AtomicInteger(), new AtomicInteger(), new AtomicInteger());
        }
    }

    private static Map<String, String> substituted(Map<String, String> headers) {
        Map<String, String> result = new TreeMap<>();
        headers.forEach((name, value) -> result.put(name, BadInputCase.substitute(value, PLACES)));
        return result;
    }

    /** What a refused request must not change: files, rows, child processes, quota usage. */
    private record Leftovers(Set<String> files, Map<String, Long> rows, long children, String usage) {
        static Leftovers of(InProcessCloud cloud) throws IOException, InterruptedException, SQLException {
            Path data = cloud.data().root();
            Set<String> files = new TreeSet<>();
            Files.walkFileTree(data, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    files.add(data.relativize(file).toString());
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE; // gone while walking: made and removed by the cloud itself
                    }
                    throw e;
                }
            });
            String usage = cloud.call("GET", "/compute/v2.1/limits", member, null).body()
                    + cloud.call("GET", "/volume/v3/%s/os-quota-sets/%s?usage=True".formatted(PLACES.get("project"),
                    PLACES.get("project")), member, null).body();
            return new Leftovers(files, rows(cloud.data().databaseFile()),
                    ProcessHandle.current().descendants().count(), usage);
        }

        private static Map<String, Long> rows(Path database) throws SQLException {
            Map<String, Long> rows = new TreeMap<>();
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
                 Statement statement = connection.createStatement()) {
                List<String> tables = new ArrayList<>();
                try (ResultSet names = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                    while (names.next()) {
                        tables.add(names.getString(1));
                    }
                }
                for (String table : tables) {
                    try (ResultSet count = statement.executeQuery("SELECT count(*) FROM \"" + table + "\"")) {
                        count.next();
                        rows.put(table, count.getLong(1));
                    }
                }
            }
            return rows;
        }

        void assertSameAs(Leftovers before) {
            assertThat(files).as("files under the data directory").isEqualTo(before.files);
            assertThat(rows).as("rows per table").isEqualTo(before.rows);
            assertThat(children).as("child processes").isEqualTo(before.children);
            assertThat(usage).as("quota usage").isEqualTo(before.usage);
        }
    }
}
