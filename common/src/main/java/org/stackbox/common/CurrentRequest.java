package org.stackbox.common;

import java.util.Optional;

/**
 * The id of the API request that the current thread serves ({@code req-...}, which its answer carries as
 * {@code X-OpenStack-Request-Id}), for what records the request that caused it (Nova's instance actions). Threads
 * that serve no request, and work a request hands to another thread, have none.
 */
public final class CurrentRequest {
    private static final ThreadLocal<String> ID = new ThreadLocal<>();

    private CurrentRequest() {}

    /** The thread now serves the request {@code requestId}, until {@link #end}. */
    public static void start(String requestId) {
        ID.set(requestId);
    }

    public static void end() {
        ID.remove();
    }

    public static Optional<String> id() {
        return Optional.ofNullable(ID.get());
    }
}
