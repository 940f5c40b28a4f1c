package org.stackbox.image.inspect;

/** Raw-like blobs (raw, ami, ari, aki, ploop): the guest sees the bytes as they are. */
final class RawReader implements FormatReader {
    @Override
    public long minimumSize() {
        return 0;
    }

    @Override
    public ImageFacts read(ImageData data) {
        return ImageFacts.ofVirtualSize(data.size());
    }
}
