package org.stackbox.virt;

/** Where a block device mapping's data comes from (Nova's {@code source_type}). */
public enum SourceType {
    IMAGE, VOLUME, SNAPSHOT, BLANK
}
