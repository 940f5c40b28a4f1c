package org.stackbox.compute.http;

import io.javalin.http.Context;
import org.stackbox.api.MicroversionNegotiator;
import org.stackbox.common.ServiceException;

/**
 * Nova's proxies to the other services (images, volumes, snapshots) were removed at a microversion: from the one after
 * their last, Nova finds no such resource (404, {@code The resource could not be found.}).
 */
final class ProxyRemoval {
    private ProxyRemoval() {}

    /** Refuses the request unless its microversion is at most 2.{@code lastMinor}, the proxy's last. */
    static void requireAtMost(MicroversionNegotiator versions, Context context, int lastMinor) {
        if (versions.negotiate(context).atLeast(2, lastMinor + 1)) {
            throw ServiceException.notFound("The resource could not be found.");
        }
    }
}
