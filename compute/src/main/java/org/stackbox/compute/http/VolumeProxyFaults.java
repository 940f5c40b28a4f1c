package org.stackbox.compute.http;

import org.stackbox.api.ApiException;
import org.stackbox.common.ErrorKind;
import org.stackbox.common.StackboxException;

import java.util.function.Supplier;

/**
 * How Nova's volume proxy passes the volume service's refusals on ({@code nova/volume/cinder.py}): Cinder's 400 is
 * Nova's {@code InvalidInput}, {@code Invalid input received: <Cinder's message> (HTTP 400)}; over quota is 403, with
 * Cinder's message for a volume and Nova's own for a snapshot; a missing volume or snapshot stays 404.
 */
final class VolumeProxyFaults {
    private VolumeProxyFaults() {}

    /** What the volume service answers to {@code call}, its refusals as Nova words them. */
    static <T> T passedOn(Supplier<T> call) {
        try {
            return call.get();
        } catch (StackboxException e) {
            throw translated(e, e.getMessage());
        }
    }

    /** As {@link #passedOn}, for a snapshot: Nova says only which quota refused it. */
    static <T> T snapshotPassedOn(Supplier<T> call) {
        try {
            return call.get();
        } catch (StackboxException e) {
            throw translated(e, "Quota exceeded for resources: snapshots");
        }
    }

    static void passedOn(Runnable call) {
        passedOn(() -> {
            call.run();
            return null;
        });
    }

    /** Nova's {@code InvalidInput} around a refusal of Cinder's. */
    static ApiException refusedByCinder(String message) {
        return ApiException.badRequest("Invalid input received: %s (HTTP 400)", message);
    }

    private static RuntimeException translated(StackboxException refusal, String overQuota) {
        if (refusal.kind() == ErrorKind.INVALID) {
            return refusedByCinder(refusal.getMessage());
        }
        if (refusal.kind() == ErrorKind.OVER_LIMIT) {
            return ApiException.forbidden("%s", overQuota);
        }
        return refusal;
    }
}
