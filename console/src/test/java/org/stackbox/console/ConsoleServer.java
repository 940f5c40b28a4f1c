package org.stackbox.console;

import org.stackbox.api.ApiServer;
import org.stackbox.common.auth.Authenticator;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * An {@link ApiServer} with only the console proxy on it, on a free port of 127.0.0.1. Console routes are public (the
 * console token is the credential), so the authenticator knows no one.
 */
final class ConsoleServer implements AutoCloseable {
    private static final Authenticator NOBODY = token -> Optional.empty();

    final ConsoleModule consoles;
    final String publicUrl;
    private final ApiServer server;

    ConsoleServer(ConsoleTargets targets, Clock clock) throws IOException {
        int port = freePort();
        this.publicUrl = "http://127.0.0.1:" + port;
        this.consoles = new ConsoleModule(ConsoleConfig.defaults(publicUrl), targets, clock);
        this.server = new ApiServer(List.of(consoles.api()), NOBODY, publicUrl + "/identity");
        server.start("127.0.0.1", port);
        server.markReady();
    }

    String websocketUrl(String path) {
        return publicUrl.replaceFirst("^http", "ws") + ConsoleApi.PREFIX + path;
    }

    @Override
    public void close() {
        server.close();
        consoles.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
