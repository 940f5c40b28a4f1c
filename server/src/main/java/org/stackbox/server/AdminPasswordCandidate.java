package org.stackbox.server;

import org.stackbox.identity.NewPassword;
import org.stackbox.identity.PasswordHasher;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The admin password a first start gives its new cloud, hashed on a thread of its own from the moment
 * {@code stackbox serve} starts, before its command line is even parsed: the slow hash is most of a first start's work.
 * A restart does not use it, but its first login then finds the password hash already compiled by the JIT instead of
 * running it cold, which took longer than the rest of its start.
 */
final class AdminPasswordCandidate implements Supplier<NewPassword> {
    private final CompletableFuture<NewPassword> password = new CompletableFuture<>();

    static AdminPasswordCandidate hashing(PasswordHasher hasher) {
        AdminPasswordCandidate candidate = new AdminPasswordCandidate();
        Thread thread = new Thread(() -> {
            try {
                candidate.password.complete(NewPassword.generate(hasher));
            } catch (RuntimeException | Error e) {
                candidate.password.completeExceptionally(e);
            }
        }, "admin-password");
        thread.setDaemon(true);
        thread.start();
        return candidate;
    }

    /** The password, once hashed. */
    @Override
    public NewPassword get() {
        return password.join();
    }
}
