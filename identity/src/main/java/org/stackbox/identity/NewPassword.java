package org.stackbox.identity;

import org.stackbox.common.Ids;

import static java.util.Objects.requireNonNull;

/**
 * A freshly generated password and its slow hash. Hashing takes a large share of a first start, so the composition
 * root may make one in the background while the database is prepared, and hand it to the {@link Bootstrap}.
 */
public record NewPassword(String clear, String hash) {
    private static final int LENGTH = 18;

    public NewPassword {
        requireNonNull(clear, "clear is null");
        requireNonNull(hash, "hash is null");
    }

    public static NewPassword generate(PasswordHasher hasher) {
        String clear = Ids.secret(LENGTH);
        return new NewPassword(clear, hasher.hash(clear));
    }

    @Override
    public String toString() {
        return "NewPassword[hidden]";
    }
}
