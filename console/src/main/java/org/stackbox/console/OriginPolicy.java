package org.stackbox.console;

import org.stackbox.common.ServiceException;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which web pages may open a console websocket, as Nova checks it: a browser always sends {@code Origin}, and it must
 * be the cloud's public URL (or one of the configured extra origins), so that a page on another site cannot use a
 * visitor's console URL. Clients that are not browsers send no {@code Origin} and are let through, as in Nova.
 */
final class OriginPolicy {
    private final Set<String> allowed;

    OriginPolicy(String publicUrl, List<String> extraOrigins) {
        Set<String> origins = new LinkedHashSet<>();
        origins.add(normalize(publicUrl));
        extraOrigins.forEach(origin -> origins.add(normalize(origin)));
        this.allowed = Set.copyOf(origins);
    }

    boolean allows(String originHeader) {
        if (originHeader == null) {
            return true;
        }
        try {
            return allowed.contains(normalize(originHeader));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    void require(String originHeader) {
        if (!allows(originHeader)) {
            throw ServiceException.forbidden("Origin %s is not allowed to open consoles of this cloud.", originHeader);
        }
    }

    /** {@code scheme://host:port}, lower case, with the scheme's default port written out. */
    static String normalize(String url) {
        URI uri = URI.create(url.strip());
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException("Not an http(s) origin: " + url);
        }
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }
}
