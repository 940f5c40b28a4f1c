package org.stackbox.image.inspect;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The window holds exactly the last bytes of the stream, whatever the sizes and offsets of the chunks it is fed. */
class TailWindowTest {
    @Test
    void keepsTheLastBytesOfAnyChunking() {
        Random random = new Random(7);
        for (int round = 0; round < 500; round++) {
            int capacity = 1 + random.nextInt(64);
            TailWindow window = new TailWindow(capacity);
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            int chunks = random.nextInt(12);
            for (int chunk = 0; chunk < chunks; chunk++) {
                byte[] buffer = new byte[random.nextInt(3 * capacity + 2)];
                random.nextBytes(buffer);
                int from = buffer.length == 0 ? 0 : random.nextInt(buffer.length);
                int count = random.nextInt(buffer.length - from + 1);
                window.append(buffer, from, count);
                stream.write(buffer, from, count);
            }
            byte[] all = stream.toByteArray();
            int length = Math.min(all.length, capacity);
            CapturedSpan span = window.span();
            assertThat(span.offset()).isEqualTo(all.length - length);
            assertThat(Arrays.copyOf(span.bytes(), span.length())).isEqualTo(Arrays.copyOfRange(all, all.length - length, all.length));
        }
    }
}
