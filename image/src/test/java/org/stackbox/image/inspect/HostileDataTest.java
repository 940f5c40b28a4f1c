package org.stackbox.image.inspect;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Corrupts every acceptable table image many ways (truncation, random bytes, extreme field values where the header
 * has fields) and checks the inspector still answers with a result, never an exception, whatever the chunking.
 */
class HostileDataTest {
    private static final int MUTATIONS_PER_IMAGE = 100;
    private static final long[] EXTREME_VALUES = {0, 1, 0x7f, 0xff, 0xffff, 0x7fffffffL, 0x80000000L, 0xffffffffL,
            Long.MAX_VALUE, Long.MIN_VALUE, -1L};

    static Stream<InspectionCase> acceptedCases() {
        return StreamingTest.allCases().filter(row -> row.expected().accepted() && row.data().length > 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedCases")
    void answersEveryCorruptionWithAResult(InspectionCase row) {
        Random random = new Random(row.name().hashCode());
        int[] fieldOffsets = nonZeroOffsets(row.data());
        for (int mutation = 0; mutation < MUTATIONS_PER_IMAGE; mutation++) {
            byte[] data = mutate(row.data(), fieldOffsets, random);
            InspectionCase hostile = new InspectionCase(row.name(), row.declared(), data, row.expected());

            InspectionResult whole = hostile.inspectWhole();

            assertThat(whole).isNotNull();
            assertThat(whole.virtualSize().orElse(0)).isNotNegative();
            assertThat(hostile.inspectInChunks(4093)).isEqualTo(whole);
        }
    }

    private static byte[] mutate(byte[] original, int[] fieldOffsets, Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> Arrays.copyOf(original, random.nextInt(original.length));
            case 1 -> {
                byte[] data = original.clone();
                for (int count = 1 + random.nextInt(8); count > 0; count--) {
                    data[near(fieldOffsets, data.length, random)] = (byte) random.nextInt(256);
                }
                yield data;
            }
            default -> {
                byte[] data = original.clone();
                int offset = Math.min(near(fieldOffsets, data.length, random) & ~3, data.length - 8);
                long value = EXTREME_VALUES[random.nextInt(EXTREME_VALUES.length)];
                for (int index = 0; index < 8 && offset >= 0; index++) {
                    data[offset + index] = (byte) (value >>> (8 * index));
                }
                yield data;
            }
        };
    }

    /** An offset at or just before a byte the image sets, where its header fields are. */
    private static int near(int[] fieldOffsets, int length, Random random) {
        if (fieldOffsets.length == 0) {
            return random.nextInt(length);
        }
        int offset = fieldOffsets[random.nextInt(fieldOffsets.length)] - random.nextInt(8);
        return Math.max(0, Math.min(offset, length - 1));
    }

    private static int[] nonZeroOffsets(byte[] data) {
        List<Integer> offsets = new ArrayList<>();
        for (int offset = 0; offset < data.length; offset++) {
            if (data[offset] != 0) {
                offsets.add(offset);
            }
        }
        return offsets.stream().mapToInt(Integer::intValue).toArray();
    }
}
