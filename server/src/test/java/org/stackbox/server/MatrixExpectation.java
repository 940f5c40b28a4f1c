package org.stackbox.server;

import org.stackbox.policy.Credentials;
import org.stackbox.policy.Policies;

import java.util.HashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * What a matrix case must answer, worked out from the policy data and what the route means, never from its handler:
 * no valid token is 401; a token without a project on a project-scoped API is 403; a rule that does not allow the
 * caller on the target is 403 with the service's fault body, naming the first of the request's rules that refuses; a resource of project one that another project's
 * caller may not see is 404, as the services hide existence; anything else is allowed.
 */
record MatrixExpectation(Outcome outcome, String service, String rule) {
    enum Outcome { ALLOWED, DENIED, HIDDEN, UNAUTHENTICATED }

    MatrixExpectation {
        requireNonNull(outcome, "outcome is null");
        requireNonNull(service, "service is null");
        requireNonNull(rule, "rule is null");
    }

    static MatrixExpectation of(Policies policies, MatrixResources resources, MatrixCase request, MatrixCaller caller,
                                String path) {
        String service = request.route().policy();
        String first = request.rules().get(0);
        if (caller.credentials().isEmpty()) {
            return new MatrixExpectation(Outcome.UNAUTHENTICATED, service, first);
        }
        Credentials credentials = caller.credentials().get();
        if (!caller.scoped() && !service.equals("identity")) {
            return new MatrixExpectation(Outcome.DENIED, service, first);
        }
        Map<String, String> target = target(resources, request, credentials, path);
        for (String rule : request.rules()) {
            if (!policies.service(service).allows(rule, credentials, target)) {
                return new MatrixExpectation(Outcome.DENIED, service, rule);
            }
        }
        if (hidden(resources, request, caller)) {
            return new MatrixExpectation(Outcome.HIDDEN, service, first);
        }
        return new MatrixExpectation(Outcome.ALLOWED, service, first);
    }

    /**
     * Does the answer match? Denials must also carry the service's own fault body (a HEAD answer has no body). A
     * hidden resource is 404; with the matrix's placeholder body it may be the 400 (or 415) of that body instead,
     * as the services check a body before they look the resource up, which says nothing of whether it exists.
     */
    boolean matches(int status, String body, MatrixCase request) {
        return switch (outcome) {
            case ALLOWED -> status != 401 && status != 403 && status < 500;
            case HIDDEN -> status == 404 || (request.body() != null && (status == 400 || status == 415));
            case UNAUTHENTICATED -> status == 401;
            case DENIED -> status == 403 && (request.route().method().equals("HEAD") || MatrixFaults.isRefusal(service, rule, body));
        };
    }

    @Override
    public String toString() {
        return switch (outcome) {
            case ALLOWED -> "allowed";
            case HIDDEN -> "404";
            case UNAUTHENTICATED -> "401";
            case DENIED -> "403 " + rule;
        };
    }

    /**
     * The target as the services' rules name it: the caller's project and user, the user, project or domain an
     * identity path names, the subject of a token request, the member an image member route names, and the project
     * whose quotas a quota route reads or changes.
     */
    private static Map<String, String> target(MatrixResources resources, MatrixCase request, Credentials credentials,
                                              String path) {
        Map<String, String> target = new HashMap<>();
        if (credentials.projectId() != null) {
            target.put("project_id", credentials.projectId());
        }
        target.put("user_id", credentials.userId());
        String template = request.route().path();
        String[] segments = path.split("/");
        if (template.matches("/identity/v3/(users|projects|domains)/\\{id}.*")) {
            String kind = template.split("/")[3];
            target.put("target." + kind.substring(0, kind.length() - 1) + ".id", segments[4]);
        }
        if (template.equals("/identity/v3/auth/tokens")) {
            target.put("target.token.user_id", resources.subjectUser());
        }
        if (template.endsWith("/members/{member}")) {
            target.put("member_id", segments[segments.length - 1]);
        }
        if (template.startsWith("/image/v2/quotas/") || template.contains("/os-quota-sets/")
                || template.contains("/os-simple-tenant-usage/")) {
            target.put("project_id", template.startsWith("/volume/") ? segments[5] : segments[4]);
        }
        return target;
    }

    /**
     * Project one's servers, volumes and snapshots (also through Nova's proxy), attachments, volume transfers, images
     * (shared with project three only), networks, subnets, ports, security groups and their rules, routers and
     * floating IPs are invisible to another project (a volume transfer is accepted by another project, so its accept
     * route hides nothing); alice's key pair is invisible to every other user but an administrator.
     */
    private static boolean hidden(MatrixResources resources, MatrixCase request, MatrixCaller caller) {
        if (caller.admin()) {
            return false;
        }
        String template = request.route().path();
        if (template.startsWith("/compute/v2.1/os-keypairs/")) {
            return !caller.credentials().orElseThrow().userId().equals(resources.aliceId);
        }
        boolean ownedByProjectOne = template.matches("/compute/v2\\.1/servers/\\{id}.*")
                || template.matches("/volume/v3/\\{project}/(volumes|snapshots|attachments)/\\{id}.*")
                || template.matches("/volume/v3/\\{project}/(os-volume-transfer|volume-transfers)/\\{id}")
                || template.matches("/(image/v2|compute/v2\\.1)/images/\\{id}.*")
                || template.matches("/compute/v2\\.1/os-(volumes|snapshots)/\\{id}")
                || template.matches("/network/v2\\.0/(networks|subnets|ports|security-groups|security-group-rules|routers|floatingips)/\\{id}.*")
                || template.matches("/compute/v2\\.1/os-(security|server)-groups/\\{id}");
        return ownedByProjectOne && !resources.projectOne.equals(caller.credentials().orElseThrow().projectId());
    }
}
