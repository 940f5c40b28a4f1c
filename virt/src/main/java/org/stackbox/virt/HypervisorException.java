package org.stackbox.virt;

import org.stackbox.common.ErrorCode;
import org.stackbox.common.ErrorKind;
import org.stackbox.common.StackboxException;

/** A hypervisor operation that did not happen; {@link #error()} says why, in terms the compute service maps. */
public final class HypervisorException extends StackboxException {
    /** Why an operation failed, with the kind of failure it usually means for the API caller. */
    public enum Error implements ErrorCode {
        /** No domain is defined for the server. */
        DOMAIN_NOT_FOUND(ErrorKind.NOT_FOUND),
        /** A domain is already defined for the server. */
        DOMAIN_EXISTS(ErrorKind.CONFLICT),
        /** The domain is not in a state that allows the operation (e.g. hot-plug while it is off). */
        INVALID_STATE(ErrorKind.CONFLICT),
        /** The domain has no device with that target. */
        DEVICE_NOT_FOUND(ErrorKind.NOT_FOUND),
        /** The guest holds the device (a locked CD-ROM tray, a disk it has not released). */
        DEVICE_BUSY(ErrorKind.CONFLICT),
        /** The hypervisor process could not be started or did not come up. */
        START_FAILED(ErrorKind.INTERNAL),
        /** The hypervisor did not answer in time. */
        TIMEOUT(ErrorKind.INTERNAL),
        /** The domain has no channel to a guest agent (its image does not say the guest runs one). */
        AGENT_NOT_ENABLED(ErrorKind.CONFLICT),
        /** No guest agent answered in time: none runs in the guest, or it is stuck. */
        AGENT_UNRESPONSIVE(ErrorKind.UNSUPPORTED),
        /** The hypervisor refused or failed a command. */
        COMMAND_FAILED(ErrorKind.INTERNAL);

        private final ErrorKind kind;

        Error(ErrorKind kind) { this.kind = kind; }

        @Override
        public ErrorKind kind() { return kind; }
    }

    public HypervisorException(Error error, String message) {
        this(error, message, null);
    }

    public HypervisorException(Error error, String message, Throwable cause) {
        super(error, message, cause);
    }

    public Error error() { return (Error) code(); }
}
