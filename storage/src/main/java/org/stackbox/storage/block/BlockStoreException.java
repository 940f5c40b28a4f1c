package org.stackbox.storage.block;

import org.stackbox.common.ErrorCode;
import org.stackbox.common.ErrorKind;
import org.stackbox.common.StackboxException;

/**
 * A block store operation that could not be done. The code says whose fault it is (a bad size or an unknown volume
 * is the caller's, a failed {@code qemu-img} is the store's); messages name volumes and snapshots, never files.
 */
public final class BlockStoreException extends StackboxException {
    /** Why a block store operation failed. */
    public enum Code implements ErrorCode {
        /** A size, format or name the store cannot take. */
        INVALID_REQUEST(ErrorKind.INVALID),
        /** No volume, snapshot or image copy by that name. */
        NOT_FOUND(ErrorKind.NOT_FOUND),
        /** Something else holds it: a snapshot its volume, a clone its parent, a running guest its file. */
        IN_USE(ErrorKind.CONFLICT),
        /** The store itself failed ({@code qemu-img}, the file system). */
        STORE_FAILED(ErrorKind.INTERNAL);

        private final ErrorKind kind;

        Code(ErrorKind kind) { this.kind = kind; }

        @Override
        public ErrorKind kind() { return kind; }
    }

    private BlockStoreException(Code code, String message, Throwable cause) {
        super(code, message, cause);
    }

    @Override
    public Code code() { return (Code) super.code(); }

    public static BlockStoreException badRequest(String format, Object... args) {
        return new BlockStoreException(Code.INVALID_REQUEST, format.formatted(args), null);
    }

    public static BlockStoreException notFound(String format, Object... args) {
        return new BlockStoreException(Code.NOT_FOUND, format.formatted(args), null);
    }

    public static BlockStoreException conflict(String format, Object... args) {
        return new BlockStoreException(Code.IN_USE, format.formatted(args), null);
    }

    public static BlockStoreException conflict(Throwable cause, String format, Object... args) {
        return new BlockStoreException(Code.IN_USE, format.formatted(args), cause);
    }

    public static BlockStoreException internal(Throwable cause, String format, Object... args) {
        return new BlockStoreException(Code.STORE_FAILED, format.formatted(args), cause);
    }
}
