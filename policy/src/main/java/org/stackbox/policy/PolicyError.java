package org.stackbox.policy;

import org.stackbox.common.ErrorCode;
import org.stackbox.common.ErrorKind;

/** The policy layer's one refusal. */
public enum PolicyError implements ErrorCode {
    /** The rule of the operation does not allow the caller to perform it on the target. */
    NOT_ALLOWED;

    @Override
    public ErrorKind kind() {
        return ErrorKind.FORBIDDEN;
    }
}
