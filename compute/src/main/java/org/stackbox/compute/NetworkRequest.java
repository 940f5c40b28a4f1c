package org.stackbox.compute;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The {@code networks} of a create request: {@code none}, {@code auto} (the one network the project may use), or a
 * list of cards, each on a network (perhaps at a fixed IP) or on a port the user made.
 */
public sealed interface NetworkRequest {
    record None() implements NetworkRequest {}

    record Auto() implements NetworkRequest {}

    record Networks(List<Card> cards) implements NetworkRequest {
        public Networks {
            cards = List.copyOf(requireNonNull(cards, "cards is null"));
        }
    }

    /** One entry of the list: {@code {"uuid": NET}}, {@code {"uuid": NET, "fixed_ip": IP}} or {@code {"port": PORT}}. */
    record Card(Optional<String> networkId, Optional<String> portId, Optional<String> fixedIp) {
        public Card {
            requireNonNull(networkId, "networkId is null");
            requireNonNull(portId, "portId is null");
            requireNonNull(fixedIp, "fixedIp is null");
        }
    }

    /** What the server records of the request: the network and port ids asked for, or {@code auto}. */
    default List<String> recorded() {
        if (this instanceof Networks networks) {
            return networks.cards().stream().map(card -> card.portId().or(card::networkId).orElse("")).toList();
        }
        return this instanceof Auto ? List.of("auto") : List.of();
    }
}
