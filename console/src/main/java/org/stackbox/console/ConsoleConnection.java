package org.stackbox.console;

import java.io.IOException;
import java.nio.ByteBuffer;

/** One viewer's end of a console: what the viewer sends goes to the console; closing it lets the console go. */
interface ConsoleConnection extends AutoCloseable {
    /** Writes what the viewer sent to the console; fails once the console closed. */
    void toConsole(ByteBuffer data) throws IOException;

    @Override
    void close();
}
