package org.stackbox.console;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * How the console proxy is reached and how long its tokens last.
 *
 * @param publicUrl the cloud's public URL, e.g. {@code http://192.0.2.10:8774}: console URLs are
 *     {@code <publicUrl>/console/...}, and browsers must show this origin (Nova's {@code novncproxy_base_url})
 * @param tokenLifetime how long a console token is valid after it is issued (Nova's {@code token_ttl}, 10 minutes)
 * @param allowedOrigins further origins a browser may open consoles from, e.g. a dashboard behind another host name
 *     (Nova's {@code console_allowed_origins}); each is {@code scheme://host[:port]}
 * @param noVncDirectory where noVNC's files are (Debian's {@code novnc} package puts them in {@code /usr/share/novnc})
 */
public record ConsoleConfig(String publicUrl, Duration tokenLifetime, List<String> allowedOrigins, Path noVncDirectory) {
    public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofMinutes(10);
    public static final Path DEBIAN_NOVNC = Path.of("/usr/share/novnc");

    public ConsoleConfig {
        requireNonNull(publicUrl, "publicUrl is null");
        URI uri = URI.create(publicUrl);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("The public URL must be an absolute http(s) URL: " + publicUrl);
        }
        publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        requireNonNull(tokenLifetime, "tokenLifetime is null");
        if (tokenLifetime.isNegative() || tokenLifetime.isZero()) {
            throw new IllegalArgumentException("The console token lifetime must be positive: " + tokenLifetime);
        }
        allowedOrigins = List.copyOf(requireNonNull(allowedOrigins, "allowedOrigins is null"));
        requireNonNull(noVncDirectory, "noVncDirectory is null");
    }

    /** Ten-minute tokens, browsers only from the public URL, noVNC from Debian's package. */
    public static ConsoleConfig defaults(String publicUrl) {
        return new ConsoleConfig(publicUrl, DEFAULT_TOKEN_LIFETIME, List.of(), DEBIAN_NOVNC);
    }

    public ConsoleConfig withTokenLifetime(Duration lifetime) {
        return new ConsoleConfig(publicUrl, lifetime, allowedOrigins, noVncDirectory);
    }

    /** {@code <publicUrl>/console}, where {@link ConsoleApi} is mounted. */
    public String consoleBaseUrl() {
        return publicUrl + ConsoleApi.PREFIX;
    }
}
