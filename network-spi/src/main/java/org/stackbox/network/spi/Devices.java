package org.stackbox.network.spi;

/**
 * The devices ports are bound to, as the network service may ask about them: whether a device (a server) belongs to
 * a project, so that a project cannot bind its ports to another project's server.
 */
@FunctionalInterface
public interface Devices {
    boolean ownedBy(String deviceId, String projectId);
}
