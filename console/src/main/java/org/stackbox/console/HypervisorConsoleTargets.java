package org.stackbox.console;

import org.stackbox.virt.ConsoleEndpoints;
import org.stackbox.virt.DomainInspection;
import org.stackbox.virt.DomainState;
import org.stackbox.virt.HypervisorException;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The consoles of the domains of this host's hypervisor. */
public final class HypervisorConsoleTargets implements ConsoleTargets {
    private final DomainInspection domains;

    public HypervisorConsoleTargets(DomainInspection domains) {
        this.domains = requireNonNull(domains, "domains is null");
    }

    @Override
    public Optional<ConsoleEndpoints> endpoints(String serverId) {
        try {
            return Optional.of(domains.consoles(serverId));
        } catch (HypervisorException e) {
            if (e.error() == HypervisorException.Error.DOMAIN_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public boolean isRunning(String serverId) {
        try {
            return domains.state(serverId) == DomainState.RUNNING;
        } catch (HypervisorException e) {
            if (e.error() == HypervisorException.Error.DOMAIN_NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }
}
