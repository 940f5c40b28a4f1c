package org.stackbox.image.inspect;

import org.stackbox.image.spi.DiskFormat;

import java.util.Map;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/** One row of an inspection table: data declared as a format, and the exact result expected. */
record InspectionCase(String name, DiskFormat declared, byte[] data, InspectionResult expected) {
    InspectionCase {
        requireNonNull(name, "name is null");
        requireNonNull(declared, "declared is null");
        requireNonNull(data, "data is null");
        requireNonNull(expected, "expected is null");
    }

    static Given given(String name, DiskFormat declared, ImageBuilder data) {
        return new Given(name, declared, data.build());
    }

    static Given given(String name, DiskFormat declared, byte[] data) {
        return new Given(name, declared, data);
    }

    /** The data of a row, waiting for its expected result. */
    record Given(String name, DiskFormat declared, byte[] data) {
        InspectionCase accepted(DiskFormat detected, long virtualSize) {
            return accepted(detected, virtualSize, Map.of());
        }

        InspectionCase accepted(DiskFormat detected, long virtualSize, Map<String, String> properties) {
            return expect(InspectionResult.accepted(detected, OptionalLong.of(virtualSize), properties));
        }

        InspectionCase rejected(DiskFormat detected, String message) {
            return expect(InspectionResult.rejected(detected, message));
        }

        private InspectionCase expect(InspectionResult expected) {
            return new InspectionCase(name, declared, data, expected);
        }
    }

    /** The data inspected in one piece. */
    InspectionResult inspectWhole() {
        return inspectInChunks(Math.max(1, data.length));
    }

    /** The data streamed to the inspector in chunks of {@code chunkLength} bytes, as an upload arrives. */
    InspectionResult inspectInChunks(int chunkLength) {
        FormatInspector inspector = FormatInspector.forDeclared(declared);
        for (int offset = 0; offset < data.length; offset += chunkLength) {
            inspector.update(data, offset, Math.min(chunkLength, data.length - offset));
        }
        return inspector.finish(data.length);
    }

    @Override
    public String toString() {
        return declared.wireName() + ": " + name;
    }
}
