package org.stackbox.image.inspect;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every table row, streamed as an upload would arrive: the result must not depend on how the data is cut. */
class StreamingTest {
    private static final int[] CHUNK_LENGTHS = {1, 7, 4096, FormatInspector.PREFIX_LENGTH + 1};

    static Stream<InspectionCase> allCases() {
        return Stream.of(Qcow2InspectionTest.cases(), VmdkInspectionTest.cases(), VhdInspectionTest.cases(),
                        VhdxInspectionTest.cases(), VdiInspectionTest.cases(), IsoInspectionTest.cases(),
                        RawInspectionTest.cases())
                .flatMap(cases -> cases.stream());
    }

    static Stream<Arguments> casesInChunks() {
        return allCases().flatMap(row -> IntStream.of(CHUNK_LENGTHS).mapToObj(length -> Arguments.of(row, length)));
    }

    @ParameterizedTest(name = "{0}, in chunks of {1} bytes")
    @MethodSource("casesInChunks")
    void givesTheSameResultWhateverTheChunks(InspectionCase row, int chunkLength) {
        assertThat(row.inspectInChunks(chunkLength)).isEqualTo(row.expected());
    }
}
