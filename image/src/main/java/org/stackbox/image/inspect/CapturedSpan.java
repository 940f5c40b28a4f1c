package org.stackbox.image.inspect;

/** Bytes kept from the stream: {@code length} bytes of {@code bytes} that sit at {@code offset} in the image data. */
record CapturedSpan(long offset, byte[] bytes, int length) {
    boolean contains(long start, int count) {
        return start >= offset && count >= 0 && start - offset <= length - count;
    }
}
