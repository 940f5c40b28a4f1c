package org.stackbox.compute.keypair;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A user's key pair as Nova keeps it: only the public half (an OpenSSH public key, or a PEM certificate for
 * {@link KeyType#X509}), named per user.
 *
 * @param id Nova's integer id, shown by {@code GET /os-keypairs/{name}}
 */
public record KeyPair(long id, String userId, String name, KeyType type, String publicKey, String fingerprint,
                      Instant createdAt) {
    public KeyPair {
        requireNonNull(userId, "userId is null");
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(publicKey, "publicKey is null");
        requireNonNull(fingerprint, "fingerprint is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}
