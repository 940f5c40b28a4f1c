package org.stackbox.storage.block;

import org.stackbox.common.ApiException;
import org.stackbox.common.ErrorCode;

/**
 * A block store operation that could not be done. The code says whose fault it is (a bad size or an unknown volume
 * is the caller's, a failed {@code qemu-img} is the store's); messages name volumes and snapshots, never files.
 */
public final class BlockStoreException extends ApiException {
    private BlockStoreException(ErrorCode code, String message, Throwable cause) {
        super(code, message);
        if (cause != null) {
            initCause(cause);
        }
    }

    public static BlockStoreException badRequest(String format, Object... args) {
        return new BlockStoreException(ErrorCode.BAD_REQUEST, format.formatted(args), null);
    }

    public static BlockStoreException notFound(String format, Object... args) {
        return new BlockStoreException(ErrorCode.NOT_FOUND, format.formatted(args), null);
    }

    public static BlockStoreException conflict(String format, Object... args) {
        return new BlockStoreException(ErrorCode.CONFLICT, format.formatted(args), null);
    }

    public static BlockStoreException conflict(Throwable cause, String format, Object... args) {
        return new BlockStoreException(ErrorCode.CONFLICT, format.formatted(args), cause);
    }

    public static BlockStoreException internal(Throwable cause, String format, Object... args) {
        return new BlockStoreException(ErrorCode.INTERNAL, format.formatted(args), cause);
    }
}
