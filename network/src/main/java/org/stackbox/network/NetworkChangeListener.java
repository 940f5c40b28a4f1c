package org.stackbox.network;

/**
 * Told when a network, one of its subnets or one of its ports changed (or the network is gone), after the change is
 * stored: the bridged data plane makes the host match the database again.
 */
@FunctionalInterface
public interface NetworkChangeListener {
    void networkChanged(String networkId);
}
