package org.stackbox.storage.block;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code qemu-img info --output=json} says about one image file: the fields the store reads, nothing else.
 *
 * @param filename the file as qemu-img names it (for a backing file: its directory joined with the stored name)
 * @param clusterSize absent for formats without clusters (raw)
 * @param backingFilename the backing file name as stored in the header, often relative
 * @param dataFile a qcow2 external data file, which an uploaded image must not have
 * @param extentFiles the files a VMDK descriptor points at
 */
record QemuImageInfo(
        String filename,
        String format,
        long virtualSize,
        long actualSize,
        Optional<Long> clusterSize,
        Optional<String> backingFilename,
        Optional<String> dataFile,
        List<String> extentFiles) {

    QemuImageInfo {
        requireNonNull(filename, "filename is null");
        requireNonNull(format, "format is null");
        requireNonNull(clusterSize, "clusterSize is null");
        requireNonNull(backingFilename, "backingFilename is null");
        requireNonNull(dataFile, "dataFile is null");
        extentFiles = List.copyOf(requireNonNull(extentFiles, "extentFiles is null"));
    }

    /** Parses the output of {@code info --output=json}: one object, or an array of them with {@code --backing-chain}. */
    static List<QemuImageInfo> parseChain(JsonNode output) {
        List<QemuImageInfo> chain = new ArrayList<>();
        if (output.isArray()) {
            output.forEach(node -> chain.add(parse(node)));
        } else {
            chain.add(parse(output));
        }
        return chain;
    }

    static QemuImageInfo parse(JsonNode node) {
        JsonNode specific = node.path("format-specific").path("data");
        List<String> extents = new ArrayList<>();
        specific.path("extents").forEach(extent -> extents.add(extent.path("filename").asText()));
        return new QemuImageInfo(
                node.path("filename").asText(),
                node.path("format").asText(),
                node.path("virtual-size").asLong(),
                node.path("actual-size").asLong(),
                optionalLong(node, "cluster-size"),
                optionalText(node, "backing-filename"),
                optionalText(specific, "data-file"),
                extents);
    }

    private static Optional<Long> optionalLong(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asLong());
    }

    private static Optional<String> optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }
}
