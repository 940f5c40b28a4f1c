package org.stackbox.common;

/** The consoles Stackbox serves, with the protocol and type names of Nova's remote console API. */
public enum ConsoleType {
    /** The guest's screen, keyboard and mouse over VNC, shown by the noVNC page. */
    NOVNC("vnc", "novnc"),
    /** The guest's first serial port, as a websocket of raw bytes. */
    SERIAL("serial", "serial");

    private final String protocol;
    private final String typeName;

    ConsoleType(String protocol, String typeName) {
        this.protocol = protocol;
        this.typeName = typeName;
    }

    /** {@code vnc} or {@code serial}, the {@code protocol} of {@code POST /servers/{id}/remote-consoles}. */
    public String protocol() {
        return protocol;
    }

    /** {@code novnc} or {@code serial}, the {@code type} of the console calls. */
    public String typeName() {
        return typeName;
    }

    /** The console a type name ({@code novnc} or {@code serial}) stands for; 400 for any other. */
    public static ConsoleType fromTypeName(String type) {
        for (ConsoleType candidate : values()) {
            if (candidate.typeName.equals(type)) {
                return candidate;
            }
        }
        throw ServiceException.invalid("Invalid console type %s", type);
    }
}
