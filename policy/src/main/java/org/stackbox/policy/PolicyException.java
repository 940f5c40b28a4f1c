package org.stackbox.policy;

import org.stackbox.common.StackboxException;

import static java.util.Objects.requireNonNull;

/**
 * A call its rule does not allow. It carries the rule's name: each service words the refusal its own way around
 * it (Nova's "Policy doesn't allow ... to be performed.", Neutron's "rule:... is disallowed by policy" ...).
 */
public final class PolicyException extends StackboxException {
    private final String rule;

    public PolicyException(String rule) {
        super(PolicyError.NOT_ALLOWED, "%s is disallowed by policy".formatted(rule), null);
        this.rule = requireNonNull(rule, "rule is null");
    }

    public String rule() {
        return rule;
    }
}
