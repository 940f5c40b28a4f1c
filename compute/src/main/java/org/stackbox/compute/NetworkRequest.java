package org.stackbox.compute;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The {@code networks} of a create request: {@code none}, {@code auto}, or a list of network ids. Until Stackbox has
 * networks, every server with a network gets one user-mode card, and the requested ids are recorded.
 */
public sealed interface NetworkRequest {
    record None() implements NetworkRequest {}

    record Auto() implements NetworkRequest {}

    record Networks(List<String> networkIds) implements NetworkRequest {
        public Networks {
            networkIds = List.copyOf(requireNonNull(networkIds, "networkIds is null"));
        }
    }

    default boolean wantsCard() {
        return !(this instanceof None);
    }

    default List<String> recorded() {
        if (this instanceof Networks networks) {
            return networks.networkIds();
        }
        return this instanceof Auto ? List.of("auto") : List.of();
    }
}
