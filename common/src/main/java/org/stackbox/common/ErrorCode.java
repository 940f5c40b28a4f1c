package org.stackbox.common;

/**
 * One code of a layer's closed set of failures: every layer (storage, virt, network, the services) has an enum of
 * its own that implements this, and its exception carries one. The kind is what the API edge maps.
 */
public interface ErrorCode {
    String name();

    ErrorKind kind();
}
