package org.stackbox.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stackbox.api.AuthorizedRoute;
import org.stackbox.policy.Policies;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every authenticated route of every service, called by nine callers (an administrator; project one's member,
 * reader and manager; project two's member; an unscoped token; no token; an expired and a revoked token), each
 * answer checked against what the policy data says of that caller on that route (see {@link MatrixExpectation}).
 * The routes come from the running API, so a new route is in the matrix the day it is registered. Every answer
 * is written to target/authorization-matrix.txt.
 */
@Timeout(300)
class AuthorizationMatrixTest {
    private static final Path REPORT = Path.of("target", "authorization-matrix.txt");

    @TempDir
    static Path root;

    @Test
    void everyRouteAnswersEveryCallerAsThePolicySays() throws Exception {
        long started = System.nanoTime();
        try (InProcessCloud cloud = InProcessCloud.start(root.resolve("data"), "")) {
            Policies policies = Policies.load(cloud.data().root().resolve("policy.yaml"));
            MatrixResources resources = new MatrixResources(cloud);
            List<AuthorizedRoute> routes = cloud.authorizedRoutes();
            List<MatrixCase> cases = new ArrayList<>();
            routes.forEach(route -> cases.addAll(MatrixCase.of(route)));
            cases.sort(Comparator.comparing(MatrixCase::destroys));

            List<String> report = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            int calls = 0;
            for (MatrixCase request : cases) {
                for (MatrixCaller caller : resources.callers) {
                    String path = resources.path(request.route(), caller);
                    MatrixExpectation expected = MatrixExpectation.of(policies, resources, request, caller, path);
                    HttpResponse<String> answer = cloud.call(request.route().method(), path, caller.token(),
                            request.body(), headers(resources, request));
                    calls++;
                    boolean matches = expected.matches(answer.statusCode(), answer.body(), request);
                    String line = "%-90s %-13s -> %d (expected %s)%s".formatted(request, caller.name(),
                            answer.statusCode(), expected, matches ? "" : " FAILED: " + answer.body());
                    report.add(line);
                    if (!matches) {
                        failures.add(line);
                    }
                }
            }
            Map<String, Integer> routesPerService = new TreeMap<>();
            routes.forEach(route -> routesPerService.merge(route.policy(), 1, Integer::sum));
            String totals = "%d routes %s, %d cases (%d requests x %d callers), %d failures, %d s".formatted(
                    routes.size(), routesPerService, calls, cases.size(), resources.callers.size(), failures.size(),
                    (System.nanoTime() - started) / 1_000_000_000);
            report.add(totals);
            Files.createDirectories(REPORT.getParent());
            Files.write(REPORT, report);
            System.out.println("Authorization matrix: " + totals + "; every answer in " + REPORT.toAbsolutePath());
            assertThat(routesPerService.keySet()).containsExactlyInAnyOrderElementsOf(Policies.SERVICES);
            assertThat(failures).as(totals).isEmpty();
        }
    }

    private static Map<String, String> headers(MatrixResources resources, MatrixCase request) throws Exception {
        Map<String, String> headers = new HashMap<>();
        if (request.route().path().equals("/identity/v3/auth/tokens")) {
            headers.put("X-Subject-Token", resources.subjectToken(request.route()));
        }
        return headers;
    }
}
