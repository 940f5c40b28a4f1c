package org.stackbox.api;

import io.javalin.http.Context;

import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * Picks the microversion of a request from {@code OpenStack-API-Version: <service> X.Y} (or the service's legacy
 * header), as OpenStack services do: none means the minimum, {@code latest} the maximum, anything outside the
 * range is refused with 406. The answer names the version used, so clients know what they got.
 */
public final class MicroversionNegotiator {
    private static final String HEADER = "OpenStack-API-Version";

    private final String serviceType;
    private final Microversion minimum;
    private final Microversion maximum;
    private final String legacyHeader;

    public MicroversionNegotiator(String serviceType, Microversion minimum, Microversion maximum, String legacyHeader) {
        this.serviceType = requireNonNull(serviceType, "serviceType is null");
        this.minimum = requireNonNull(minimum, "minimum is null");
        this.maximum = requireNonNull(maximum, "maximum is null");
        this.legacyHeader = legacyHeader;
    }

    public Microversion minimum() {
        return minimum;
    }

    public Microversion maximum() {
        return maximum;
    }

    public Microversion negotiate(Context context) {
        Microversion version = resolve(context.header(HEADER), legacyHeader == null ? null : context.header(legacyHeader));
        context.header(HEADER, serviceType + " " + version);
        context.header("Vary", HEADER);
        if (legacyHeader != null) {
            context.header(legacyHeader, version.toString());
        }
        return version;
    }

    /**
     * The microversion a request asks for, from the values of its {@code OpenStack-API-Version} header and of the
     * service's legacy header (either may be null); the first wins when it names this service.
     */
    public Microversion resolve(String openStackHeader, String legacyHeaderValue) {
        String requested = requested(openStackHeader, legacyHeaderValue);
        if (requested == null) {
            return minimum;
        }
        if (requested.equalsIgnoreCase("latest")) {
            return maximum;
        }
        Microversion version = Microversion.parse(requested);
        if (version.compareTo(minimum) < 0 || version.compareTo(maximum) > 0) {
            throw new ApiException(HttpFault.NOT_ACCEPTABLE, "Version %s is not supported by the API. Minimum is %s and maximum is %s."
                    .formatted(version, minimum, maximum));
        }
        return version;
    }

    private String requested(String openStackHeader, String legacyHeaderValue) {
        if (openStackHeader != null) {
            for (String entry : openStackHeader.split(",")) {
                String[] parts = entry.strip().split("\\s+");
                if (parts.length == 2 && parts[0].toLowerCase(Locale.ROOT).equals(serviceType)) {
                    return parts[1];
                }
            }
        }
        return legacyHeaderValue;
    }
}
