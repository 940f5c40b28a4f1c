package org.stackbox.server;

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
import java.util.function.Predicate;

/**
 * Calls the routes of a running cloud as every caller of {@link MatrixResources} and checks each answer against
 * what the cloud's policy data says of it ({@link MatrixExpectation}); cases that delete run after all others.
 */
final class AuthorizationMatrix {
    /** What a run found: every answer as a line, the lines that did not match, and the totals. */
    record Result(List<String> answers, List<String> failures, String totals) {}

    private AuthorizationMatrix() {}

    static Result run(InProcessCloud cloud, MatrixResources resources, Predicate<MatrixCase> which, Path report)
            throws Exception {
        long started = System.nanoTime();
        Policies policies = Policies.load(cloud.data().root().resolve("policy.yaml"));
        List<AuthorizedRoute> routes = cloud.authorizedRoutes();
        List<MatrixCase> cases = new ArrayList<>();
        routes.forEach(route -> MatrixCase.of(route).stream().filter(which).forEach(cases::add));
        cases.sort(Comparator.comparing(MatrixCase::destroys));

        List<String> answers = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (MatrixCase request : cases) {
            for (MatrixCaller caller : resources.callers) {
                String path = resources.path(request, caller);
                MatrixExpectation expected = MatrixExpectation.of(policies, resources, request, caller, path);
                HttpResponse<String> answer = cloud.call(request.route().method(), path, caller.token(),
                        request.body(), headers(resources, request));
                boolean matches = expected.matches(answer.statusCode(), answer.body(), request);
                String line = "%-90s %-13s -> %d (expected %s)%s".formatted(request, caller.name(),
                        answer.statusCode(), expected, matches ? "" : " FAILED: " + answer.body());
                answers.add(line);
                if (!matches) {
                    failures.add(line);
                }
            }
        }
        Map<String, Integer> routesPerService = new TreeMap<>();
        cases.stream().map(MatrixCase::route).distinct()
                .forEach(route -> routesPerService.merge(route.policy(), 1, Integer::sum));
        String totals = "%d routes %s, %d cases (%d requests x %d callers), %d failures, %d s".formatted(
                routesPerService.values().stream().mapToInt(Integer::intValue).sum(), routesPerService,
                answers.size(), cases.size(), resources.callers.size(), failures.size(),
                (System.nanoTime() - started) / 1_000_000_000);
        answers.add(totals);
        Files.createDirectories(report.getParent());
        Files.write(report, answers);
        System.out.println("Authorization matrix: " + totals + "; every answer in " + report.toAbsolutePath());
        return new Result(answers, failures, totals);
    }

    private static Map<String, String> headers(MatrixResources resources, MatrixCase request) throws Exception {
        Map<String, String> headers = new HashMap<>();
        if (request.route().path().equals("/identity/v3/auth/tokens")) {
            headers.put("X-Subject-Token", resources.subjectToken(request.route()));
        }
        if (request.route().method().equals("PATCH") && request.route().path().startsWith("/image/")) {
            headers.put("Content-Type", "application/openstack-images-v2.1-json-patch");
        }
        return headers;
    }
}
