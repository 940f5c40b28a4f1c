package org.stackbox.virt;

import java.nio.file.Path;

/**
 * Where a domain's guest reaches the metadata service: the hypervisor forwards the guest's connections to
 * {@code http://169.254.169.254/} to a Unix socket of that domain alone, and the compute service listens on it. The
 * socket identifies the guest, so a guest cannot ask for another server's data.
 */
public interface MetadataChannel {
    /**
     * The Unix socket to listen on for the server's guest. Its directory exists while the domain is defined; the
     * listener creates the socket after {@link DomainLifecycle#spawn} and must close it before
     * {@link DomainLifecycle#destroy}, which removes the directory.
     */
    Path metadataSocket(String serverId);
}
