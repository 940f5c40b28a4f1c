package org.stackbox.console;

import static java.util.Objects.requireNonNull;

/** What checking a console token found: the token it stands for, or why it opens nothing. */
public sealed interface TokenCheck {
    record Granted(ConsoleToken token) implements TokenCheck {
        public Granted {
            requireNonNull(token, "token is null");
        }
    }

    record Refused(TokenRefusal refusal) implements TokenCheck {
        public Refused {
            requireNonNull(refusal, "refusal is null");
        }
    }
}
