package org.stackbox.image;

import org.stackbox.image.inspect.FormatInspector;

import java.io.IOException;
import java.io.InputStream;

import static java.util.Objects.requireNonNull;

/** Passes every byte read through the format inspector on its way to the store, so the data is read once. */
final class InspectingInputStream extends InputStream {
    private final InputStream data;
    private final FormatInspector inspector;
    private long count;

    InspectingInputStream(InputStream data, FormatInspector inspector) {
        this.data = requireNonNull(data, "data is null");
        this.inspector = requireNonNull(inspector, "inspector is null");
    }

    /** Bytes read so far. */
    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : Byte.toUnsignedInt(one[0]);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = data.read(buffer, offset, length);
        if (read > 0) {
            inspector.update(buffer, offset, read);
            count += read;
        }
        return read;
    }

    @Override
    public void close() throws IOException {
        data.close();
    }
}
