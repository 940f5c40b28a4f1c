package org.stackbox.volume;

import org.stackbox.common.ServiceException;
import org.stackbox.common.auth.Caller;

import java.nio.file.Path;
import java.util.Map;

/** No image service in the volume module's tests: images are covered end to end. */
final class NoImages implements VolumeImages {
    @Override
    public SourceImage find(Caller caller, String imageId) {
        throw ServiceException.notFound("Image %s could not be found.", imageId);
    }

    @Override
    public String reserve(Caller caller, String name, String diskFormat, String containerFormat, String visibility, boolean protectedImage) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void upload(Caller caller, String imageId, Path data) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void discard(String imageId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, Object> describe(Caller caller, String imageId) {
        throw new UnsupportedOperationException();
    }
}
