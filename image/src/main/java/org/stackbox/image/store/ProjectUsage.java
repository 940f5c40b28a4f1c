package org.stackbox.image.store;

/** What a project's images take: their number, and the bytes of data they hold. */
public record ProjectUsage(long images, long bytes) {}
