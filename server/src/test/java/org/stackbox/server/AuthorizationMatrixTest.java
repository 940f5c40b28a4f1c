package org.stackbox.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stackbox.policy.Credentials;
import org.stackbox.policy.Policies;

import java.nio.file.Path;
import java.util.Map;

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
    /**
     * An operator who lets each project's managers do what the defaults keep to administrators, through the helper
     * rules the services' defaults share.
     */
    private static final String MANAGERS_ADMINISTER = """
            "admin_api": "is_admin:True or role:manager"
            "admin_required": "role:admin or is_admin:1 or role:manager"
            "admin_only": "rule:context_is_admin or role:manager"
            "stackbox:image:update_quota": "role:admin or role:manager"
            "publicize_image": "role:admin or role:manager"
            """;

    @TempDir
    Path root;

    @Test
    void everyRouteAnswersEveryCallerAsTheDefaultPolicySays() throws Exception {
        try (InProcessCloud cloud = InProcessCloud.start(root.resolve("data"), "")) {
            AuthorizationMatrix.Result result = AuthorizationMatrix.run(cloud, new MatrixResources(cloud), request -> true,
                    Path.of("target", "authorization-matrix.txt"));
            assertThat(result.totals()).contains("compute=", "identity=", "image=", "network=", "volume=");
            assertThat(result.failures()).as(result.totals()).isEmpty();
        }
    }

    /**
     * The operator's policy.yaml decides, not the handlers: with rules that let managers administer, every route
     * whose decision for a manager changes answers as the file says. A handler that still decided by the admin role
     * itself would refuse the manager here.
     */
    @Test
    void theOperatorsPolicyDecidesWhatTheDefaultsKeepToAdministrators() throws Exception {
        Policies defaults = Policies.defaults();
        try (InProcessCloud cloud = InProcessCloud.start(root.resolve("data"), MANAGERS_ADMINISTER)) {
            Policies operators = Policies.load(cloud.data().root().resolve("policy.yaml"));
            MatrixResources resources = new MatrixResources(cloud);
            MatrixCaller manager = resources.callers.stream().filter(caller -> caller.name().equals("manager"))
                    .findFirst().orElseThrow();
            Credentials credentials = manager.credentials().orElseThrow();
            Map<String, String> target = Map.of("project_id", credentials.projectId(), "user_id", credentials.userId());
            AuthorizationMatrix.Result result = AuthorizationMatrix.run(cloud, resources, request -> {
                String service = request.route().policy();
                return request.rules().stream().anyMatch(rule -> defaults.service(service).allows(rule, credentials, target)
                        != operators.service(service).allows(rule, credentials, target));
            }, Path.of("target", "authorization-matrix-managers.txt"));
            assertThat(result.answers()).as("routes whose decision the file changes").hasSizeGreaterThan(40 * 9);
            assertThat(result.failures()).as(result.totals()).isEmpty();
        }
    }
}
