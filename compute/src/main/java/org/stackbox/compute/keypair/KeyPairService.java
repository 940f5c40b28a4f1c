package org.stackbox.compute.keypair;

import org.stackbox.common.auth.Caller;
import org.stackbox.common.ServiceException;
import org.stackbox.compute.store.KeyPairRepository;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * Key pairs per user, with Nova's rules and messages: a user sees and changes only their own, an administrator
 * anyone's (by {@code user_id}); names are unique per user; at most {@link #LIMIT} per user; an imported key must be
 * one that Nova's {@code cryptography} would load.
 */
public final class KeyPairService {
    /** Nova's default {@code key_pairs} quota, also shown as {@code maxTotalKeypairs}. */
    public static final int LIMIT = 100;

    private final KeyPairRepository keyPairs;
    private final Clock clock;

    public KeyPairService(KeyPairRepository keyPairs, Clock clock) {
        this.keyPairs = requireNonNull(keyPairs, "keyPairs is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A validated create request: an import when {@code publicKey} is given, else a generated key. */
    public record CreateKeyPair(String name, KeyType type, Optional<String> publicKey, Optional<String> userId) {
        public CreateKeyPair {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
            requireNonNull(publicKey, "publicKey is null");
            requireNonNull(userId, "userId is null");
        }
    }

    /** The stored key pair, and its private half when Stackbox made it (returned this once, never kept). */
    public record Created(KeyPair keyPair, Optional<String> privateKey) {}

    public Created create(Caller caller, CreateKeyPair request) {
        String userId = targetUser(caller, request.userId(), "create");
        String publicKey;
        String fingerprint;
        Optional<String> privateKey = Optional.empty();
        if (request.publicKey().isPresent()) {
            publicKey = request.publicKey().get();
            fingerprint = switch (request.type()) {
                case SSH -> SshPublicKeys.fingerprint(publicKey).orElseThrow(() ->
                        ServiceException.invalid("Keypair data is invalid: failed to generate fingerprint"));
                case X509 -> GeneratedKeys.x509Fingerprint(publicKey).orElseThrow(() ->
                        ServiceException.invalid("Keypair data is invalid: failed to generate X509 fingerprint. "
                                + "Error message: not a PEM certificate"));
            };
        } else {
            GeneratedKeys.Generated generated = switch (request.type()) {
                case SSH -> GeneratedKeys.ssh();
                case X509 -> GeneratedKeys.x509(userId);
            };
            publicKey = generated.publicKey();
            fingerprint = generated.fingerprint();
            privateKey = Optional.of(generated.privateKey());
        }
        try {
            KeyPair stored = keyPairs.insert(userId, request.name(), request.type(), publicKey, fingerprint,
                    clock.instant(), LIMIT).orElseThrow(() ->
                    ServiceException.conflict("Key pair '%s' already exists.", request.name()));
            return new Created(stored, privateKey);
        } catch (KeyPairRepository.LimitReached e) {
            throw ServiceException.forbidden("Quota exceeded, too many key pairs.");
        }
    }

    public List<KeyPair> list(Caller caller, Optional<String> userId, Optional<String> marker, OptionalInt limit) {
        String owner = targetUser(caller, userId, "index");
        if (marker.isPresent() && keyPairs.find(owner, marker.get()).isEmpty()) {
            throw ServiceException.invalid("Marker %s could not be found.", marker.get());
        }
        return keyPairs.list(owner, marker, limit);
    }

    public KeyPair get(Caller caller, Optional<String> userId, String name) {
        String owner = targetUser(caller, userId, "show");
        return keyPairs.find(owner, name).orElseThrow(() -> notFound(owner, name));
    }

    public void delete(Caller caller, Optional<String> userId, String name) {
        String owner = targetUser(caller, userId, "delete");
        if (!keyPairs.delete(owner, name)) {
            throw notFound(owner, name);
        }
    }

    /** The caller's own key pair named in a server create request; an unknown name is the request's fault. */
    public KeyPair forNewServer(Caller caller, String name) {
        return keyPairs.find(caller.userId(), name).orElseThrow(() ->
                ServiceException.invalid("Invalid key_name provided."));
    }

    private static String targetUser(Caller caller, Optional<String> userId, String action) {
        String owner = userId.orElse(caller.userId());
        if (!owner.equals(caller.userId()) && !caller.isAdmin()) {
            throw ServiceException.forbidden("Policy doesn't allow os_compute_api:os-keypairs:%s to be performed.",
                    action);
        }
        return owner;
    }

    private static ServiceException notFound(String userId, String name) {
        return ServiceException.notFound("Keypair %s not found for user %s", name, userId);
    }
}
