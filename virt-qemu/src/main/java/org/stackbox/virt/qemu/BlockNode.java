package org.stackbox.virt.qemu;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.stackbox.common.Json;

import static java.util.Objects.requireNonNull;

/**
 * A {@code -blockdev} node (or a {@code blockdev-add} argument): a protocol node opening a file, or a format node
 * reading a qcow2 or raw image from a protocol node. The format is always stated: QEMU never probes it.
 */
@JsonPropertyOrder({"driver", "node-name", "filename", "file", "read-only"})
public record BlockNode(
        String driver,
        @JsonProperty("node-name") String nodeName,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        String filename,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        String file,
        @JsonProperty("read-only") boolean readOnly) {

    public BlockNode {
        requireNonNull(driver, "driver is null");
        requireNonNull(nodeName, "nodeName is null");
        if ((filename == null) == (file == null)) {
            throw new IllegalArgumentException("A block node reads either a file name or another node");
        }
    }

    /** A node opening a host file. */
    public static BlockNode file(String nodeName, java.nio.file.Path path, boolean readOnly) {
        return new BlockNode("file", nodeName, path.toString(), null, readOnly);
    }

    /** A node reading {@code format} ({@code qcow2} or {@code raw}) from the node {@code fileNode}. */
    public static BlockNode format(String format, String nodeName, String fileNode, boolean readOnly) {
        return new BlockNode(format, nodeName, null, fileNode, readOnly);
    }

    public ObjectNode toJson() {
        return Json.MAPPER.valueToTree(this);
    }
}
