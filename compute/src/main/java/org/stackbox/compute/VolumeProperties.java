package org.stackbox.compute;

import org.stackbox.common.auth.Caller;
import org.stackbox.volume.spi.Volumes;

/** Reading image properties that a volume carries from the image it was made from. */
final class VolumeProperties {
    private VolumeProperties() {}

    static String of(Volumes volumes, Caller caller, String volumeId, String property) {
        try {
            return volumes.find(caller, volumeId).imageMetadata().get(property);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
