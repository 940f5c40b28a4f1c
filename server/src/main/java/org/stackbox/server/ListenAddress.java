package org.stackbox.server;

/** {@code HOST:PORT} as given to {@code --listen}. */
record ListenAddress(String host, int port) {
    ListenAddress {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, not " + port);
        }
    }

    static ListenAddress parse(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--listen takes HOST:PORT, e.g. 127.0.0.1:8700, not '%s'".formatted(value));
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new ListenAddress(host, Integer.parseInt(value.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--listen takes HOST:PORT, e.g. 127.0.0.1:8700, not '%s'".formatted(value));
        }
    }

    /** The URL clients use when no public URL is configured; a wildcard address is reached over loopback. */
    String url() {
        String reachable = host.equals("0.0.0.0") ? "127.0.0.1" : host.equals("::") ? "[::1]" : host.contains(":") ? "[" + host + "]" : host;
        return "http://%s:%d".formatted(reachable, port);
    }
}
