package org.stackbox.storage.block;

import java.util.regex.Pattern;

/** Ids become file names, so they are restricted to characters that cannot escape a directory. */
final class StorageNames {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

    private StorageNames() {}

    static String requireSafe(String id, String what) {
        if (!SAFE.matcher(id).matches()) {
            throw BlockStoreException.badRequest(
                    "Invalid %s '%s': letters, digits, '-' and '_' only, at most 128 characters", what, id);
        }
        return id;
    }
}
