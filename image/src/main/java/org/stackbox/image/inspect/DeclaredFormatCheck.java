package org.stackbox.image.inspect;

import org.stackbox.image.spi.DiskFormat;

import java.util.Optional;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Decides whether data is what its {@code disk_format} declares, then lets that format's reader check the details.
 * Raw-like formats must carry no container signature at all (a raw disk may hold an ISO 9660 file system); the
 * others must carry exactly their own.
 */
final class DeclaredFormatCheck {
    private final DiskFormat declared;
    private final FormatReader reader;

    DeclaredFormatCheck(DiskFormat declared, FormatReader reader) {
        this.declared = requireNonNull(declared, "declared is null");
        this.reader = requireNonNull(reader, "reader is null");
    }

    InspectionResult inspect(ImageData data) {
        FormatDetection detection = FormatDetection.detect(data);
        DiskFormat detected = detection.primary();
        if (data.size() < reader.minimumSize()) {
            return InspectionResult.rejected(detected, "Image data is too short to be " + declared.imageNoun());
        }
        Optional<String> mismatch = mismatch(detection);
        if (mismatch.isPresent()) {
            return InspectionResult.rejected(detected, mismatch.get());
        }
        try {
            ImageFacts facts = reader.read(data);
            return InspectionResult.accepted(detected, facts.virtualSize(), facts.properties());
        } catch (RejectedImageException rejection) {
            return InspectionResult.rejected(detected, rejection.getMessage());
        } catch (MissingDataException missing) {
            return InspectionResult.rejected(detected, declared.wireName() + " image is truncated, or places its "
                    + "metadata beyond the part of the data the inspector reads");
        } catch (RuntimeException unexpected) {
            // A security boundary fails closed: data the readers cannot make sense of is refused, never let through.
            return InspectionResult.rejected(detected, "Image data could not be inspected as " + declared.imageNoun());
        }
    }

    private Optional<String> mismatch(FormatDetection detection) {
        DiskFormat detected = detection.primary();
        return switch (declared) {
            case RAW, AMI, ARI, AKI, PLOOP ->
                    detection.hasContainerSignature() ? Optional.of(notDeclared(detected)) : Optional.empty();
            case ISO, QCOW2, VMDK, VHD, VHDX, VDI -> {
                if (detection.headerSignatures().size() > 1) {
                    yield Optional.of("Image data carries the signatures of several formats ("
                            + detection.headerSignatures().stream().map(DiskFormat::wireName).sorted()
                                    .collect(Collectors.joining(", "))
                            + "), so it is refused as ambiguous");
                }
                yield detected == declared ? Optional.empty() : Optional.of(notDeclared(detected));
            }
        };
    }

    private String notDeclared(DiskFormat detected) {
        return "Image data is " + detected.imageNoun() + ", not " + declared.wireName();
    }
}
