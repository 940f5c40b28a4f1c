package org.stackbox.it;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The end-to-end tests' small Linux guest (it's LinuxGuests: Debian's cloud kernel and a static busybox on an ISO)
 * for a benchmark: the script in the file named by the first argument after the usual start of a guest
 * ({@link LinuxGuests#init}); prints the path of the ISO, built once and kept in the tests' cache.
 * Compiled with LinuxGuests.java by the benchmark itself (javac), as LinuxGuests is package-private.
 */
public final class GuestIso {
    private GuestIso() {}

    public static void main(String[] args) throws Exception {
        System.out.println(LinuxGuests.bootableIso(LinuxGuests.init(Files.readString(Path.of(args[0])))));
    }
}
