package org.stackbox.api;

import org.stackbox.common.StackboxException;

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

    void register(ServiceRoutes routes);
}
