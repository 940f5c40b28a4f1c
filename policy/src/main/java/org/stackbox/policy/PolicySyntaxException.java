package org.stackbox.policy;

/** A rule or a policy file that cannot be read; the message names the rule and what is wrong with it. */
public final class PolicySyntaxException extends IllegalArgumentException {
    public PolicySyntaxException(String message) {
        super(message);
    }

    public PolicySyntaxException(String message, Throwable cause) {
        super(message, cause);
    }
}
