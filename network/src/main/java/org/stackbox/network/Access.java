package org.stackbox.network;

import org.stackbox.common.auth.Caller;
import org.stackbox.network.model.Network;
import org.stackbox.network.spi.NeutronException;

import java.util.Optional;

/**
 * Neutron's default policies as Stackbox applies them: an administrator sees and changes everything; others see their
 * project's resources, the shared networks with their subnets and the external networks without theirs (Neutron's
 * get_subnet allows the owner and shared networks only), use shared networks for ports, and change only what their
 * project owns.
 */
final class Access {
    private Access() {}

    static boolean sees(Caller caller, Network network) {
        return caller.isAdmin() || network.shared() || network.external() || owns(caller, network.projectId());
    }

    /** Whether the caller sees the network's subnets: its own network's, or a shared one's. */
    static boolean seesSubnetsOf(Caller caller, Network network) {
        return caller.isAdmin() || network.shared() || owns(caller, network.projectId());
    }

    static boolean owns(Caller caller, String projectId) {
        return caller.isAdmin() || projectId.equals(caller.projectId());
    }

    /** The project a new resource belongs to: the caller's, or any that an administrator names. */
    static String projectFor(Caller caller, Optional<String> requested) {
        if (requested.isPresent() && !requested.get().equals(caller.projectId())) {
            if (!caller.isAdmin()) {
                throw NeutronException.badRequest("Specifying 'project_id' or 'tenant_id' other than the "
                        + "authenticated project in request requires admin privileges");
            }
            return requested.get();
        }
        if (caller.projectId() == null) {
            throw NeutronException.badRequest("A project-scoped token, or 'project_id', is required to create "
                    + "a resource");
        }
        return caller.projectId();
    }

    /** The projects whose resources a listing shows: empty means all (an administrator). */
    static Optional<String> listingScope(Caller caller) {
        return caller.isAdmin() ? Optional.empty() : Optional.of(caller.projectId() == null ? "" : caller.projectId());
    }
}
