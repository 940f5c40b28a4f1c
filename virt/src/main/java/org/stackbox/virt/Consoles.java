package org.stackbox.virt;

/**
 * Which consoles a domain offers: a serial port (kept in a log, and live on a socket) and a VGA screen over VNC.
 */
public record Consoles(boolean serial, boolean vnc) {
    /** Both consoles, which every Stackbox server gets. */
    public static final Consoles ALL = new Consoles(true, true);
}
