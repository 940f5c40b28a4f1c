package org.stackbox.image.inspect;

import static java.util.Objects.requireNonNull;

/** A reader refuses the data; the message is meant for the uploader. */
final class RejectedImageException extends Exception {
    RejectedImageException(String message) {
        super(requireNonNull(message, "message is null"), null, false, false);
    }
}
