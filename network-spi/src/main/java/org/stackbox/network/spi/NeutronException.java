package org.stackbox.network.spi;

import org.stackbox.common.StackboxException;

import static java.util.Objects.requireNonNull;

/** A network service failure with Neutron's message; the API answers it as a {@code NeutronError} body. */
public final class NeutronException extends StackboxException {
    private final String subject;

    public NeutronException(NeutronFault fault, String message) {
        this(fault, message, "");
    }

    /** A failure about {@code subject}: the id or address the message names. */
    public NeutronException(NeutronFault fault, String message, String subject) {
        super(fault, message, null);
        this.subject = requireNonNull(subject, "subject is null");
    }

    public NeutronFault fault() { return (NeutronFault) code(); }

    /** The network, port or address the failure is about; empty when it names none. */
    public String subject() { return subject; }

    public static NeutronException networkNotFound(String networkId) {
        return new NeutronException(NeutronFault.NETWORK_NOT_FOUND, "Network %s could not be found.".formatted(networkId),
                networkId);
    }

    public static NeutronException subnetNotFound(String subnetId) {
        return new NeutronException(NeutronFault.SUBNET_NOT_FOUND, "Subnet %s could not be found.".formatted(subnetId),
                subnetId);
    }

    public static NeutronException portNotFound(String portId) {
        return new NeutronException(NeutronFault.PORT_NOT_FOUND, "Port %s could not be found.".formatted(portId), portId);
    }

    public static NeutronException securityGroupNotFound(String securityGroupId) {
        return new NeutronException(NeutronFault.SECURITY_GROUP_NOT_FOUND,
                "Security group %s does not exist".formatted(securityGroupId), securityGroupId);
    }

    /** neutron-lib's OverQuota, naming the resources as a Python list does ({@code ['security_group']}). */
    public static NeutronException overQuota(String resource) {
        return new NeutronException(NeutronFault.OVER_QUOTA,
                "Quota exceeded for resources: ['%s'].".formatted(resource));
    }

    public static NeutronException invalidInput(String format, Object... args) {
        return new NeutronException(NeutronFault.INVALID_INPUT,
                "Invalid input for operation: %s.".formatted(format.formatted(args)));
    }

    public static NeutronException badRequest(String format, Object... args) {
        return new NeutronException(NeutronFault.BAD_REQUEST, format.formatted(args));
    }

    public static NeutronException policy(String rule) {
        return new NeutronException(NeutronFault.POLICY_NOT_AUTHORIZED, "rule:%s is disallowed by policy".formatted(rule));
    }
}
