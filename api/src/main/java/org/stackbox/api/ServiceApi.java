package org.stackbox.api;

/** One OpenStack service's HTTP API, mounted under its own path prefix (devstack style: /identity, /image ...). */
public interface ServiceApi {
    /** The path prefix, e.g. {@code /identity}. */
    String prefix();

    FaultStyle faultStyle();

    void register(ServiceRoutes routes);
}
