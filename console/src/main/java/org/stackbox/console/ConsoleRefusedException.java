package org.stackbox.console;

import org.stackbox.common.StackboxException;

/** A console connection refused, with words for the person at the console page. */
public final class ConsoleRefusedException extends StackboxException {
    ConsoleRefusedException(TokenRefusal refusal) {
        super(refusal, refusal.message(), null);
    }

    public TokenRefusal refusal() { return (TokenRefusal) code(); }
}
