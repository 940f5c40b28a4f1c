package org.stackbox.virt;

import org.stackbox.common.ErrorCode;

import static java.util.Objects.requireNonNull;

/** A hypervisor operation that did not happen; {@link #error()} says why, in terms the compute service maps. */
public final class HypervisorException extends RuntimeException {
    /** Why an operation failed, with the HTTP status it usually means for the API caller. */
    public enum Error {
        /** No domain is defined for the server. */
        DOMAIN_NOT_FOUND(ErrorCode.NOT_FOUND),
        /** A domain is already defined for the server. */
        DOMAIN_EXISTS(ErrorCode.CONFLICT),
        /** The domain is not in a state that allows the operation (e.g. hot-plug while it is off). */
        INVALID_STATE(ErrorCode.CONFLICT),
        /** The domain has no device with that target. */
        DEVICE_NOT_FOUND(ErrorCode.NOT_FOUND),
        /** The guest holds the device (a locked CD-ROM tray, a disk it has not released). */
        DEVICE_BUSY(ErrorCode.CONFLICT),
        /** The hypervisor process could not be started or did not come up. */
        START_FAILED(ErrorCode.INTERNAL),
        /** The hypervisor did not answer in time. */
        TIMEOUT(ErrorCode.INTERNAL),
        /** The hypervisor refused or failed a command. */
        COMMAND_FAILED(ErrorCode.INTERNAL);

        private final ErrorCode code;

        Error(ErrorCode code) { this.code = code; }

        public ErrorCode code() { return code; }
    }

    private final Error error;

    public HypervisorException(Error error, String message) {
        this(error, message, null);
    }

    public HypervisorException(Error error, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.error = requireNonNull(error, "error is null");
    }

    public Error error() { return error; }
}
