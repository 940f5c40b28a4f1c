package org.stackbox.api;

import static java.util.Objects.requireNonNull;

/**
 * One authenticated route as its service registered it: the method, the full path template (with the service's
 * prefix, path parameters in braces) and how it is authorized, checked against the rules of {@code policy}.
 */
public record AuthorizedRoute(String policy, String method, String path, Authorization authorization) {
    public AuthorizedRoute {
        requireNonNull(policy, "policy is null");
        requireNonNull(method, "method is null");
        requireNonNull(path, "path is null");
        requireNonNull(authorization, "authorization is null");
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
