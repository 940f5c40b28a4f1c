package org.stackbox.common.auth;

import java.util.Optional;

/** Turns a token from {@code X-Auth-Token} into the caller it stands for; empty when it is not valid. */
public interface Authenticator {
    Optional<Caller> authenticate(String token);
}
