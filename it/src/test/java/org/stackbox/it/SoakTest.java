package org.stackbox.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short form of {@code bench/soak}: one minute of mixed traffic from five clients, servers booting and being
 * deleted throughout, against a real {@code stackbox serve}. The soak itself fails on any unexpected answer and on
 * growth of file descriptors, threads, child processes or disk use beyond its bounds; this test runs it unchanged.
 */
@Timeout(600)
class SoakTest {
    private static final String SECONDS = "60";

    @Test
    void oneMinuteOfMixedTrafficEndsWithNoErrorAndNoGrowth() throws Exception {
        Path checkout = StackboxProcess.jar().toAbsolutePath().getParent().getParent().getParent();
        Process soak = new ProcessBuilder(checkout.resolve("bench/soak").toString(), SECONDS)
                .redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(soak.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.add(line);
                System.out.println("[soak] " + line);
            }
        }
        assertThat(soak.waitFor()).as(String.join("\n", output)).isZero();
        assertThat(output).anyMatch(line -> line.matches("\\d+ requests in \\d+ s, 0 errors;.*"));
        assertThat(output).anyMatch(line -> line.startsWith("RESULT|same soak, growth after the traffic"));
    }
}
