package org.stackbox.api;

import org.stackbox.common.StackboxException;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** One OpenStack service's HTTP API, mounted under its own path prefix (devstack style: /identity, /image ...). */
public interface ServiceApi {
    /** The path prefix, e.g. {@code /identity}. */
    String prefix();

    FaultStyle faultStyle();

    /**
     * The fault this service answers a failure from the layers below with: the one place where its errors become
     * statuses (and, for services that name them, fault types).
     */
    ApiException fault(StackboxException failure);

    /**
     * The name of the service's default rules in the policy module ({@code compute} for compute-policy.yaml);
     * empty for a service whose routes are all public or websockets.
     */
    default Optional<String> policy() {
        return Optional.empty();
    }

    /**
     * Whether every authenticated route acts within a project, so that a token without a project scope is refused
     * (403, with the route's rule) whatever the rule says, as OpenStack's project-scoped services refuse it.
     * Identity is the one service that serves unscoped tokens.
     */
    default boolean projectScoped() {
        return true;
    }

    /**
     * The service's microversions, if it has them: negotiated for every request under its prefix before its route
     * runs, so that every answer names its version (a client checks the header in each answer, not only in those of
     * the routes that read the version).
     */
    default Optional<MicroversionNegotiator> microversions() {
        return Optional.empty();
    }

    /** Headers besides {@code X-OpenStack-Request-Id} that carry the request id in every answer (Nova's own). */
    default List<String> requestIdHeaders() {
        return List.of();
    }

    /**
     * The media types the service reads request bodies in; a body of another {@code Content-Type} is refused with
     * 415 before any route runs (Nova's and Cinder's wsgi do so). Empty: the routes read what they are sent.
     */
    default Set<String> bodyMediaTypes() {
        return Set.of();
    }

    void register(ServiceRoutes routes);
}
