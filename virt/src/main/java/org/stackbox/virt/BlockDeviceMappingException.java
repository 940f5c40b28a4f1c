package org.stackbox.virt;

import org.stackbox.common.ErrorCode;
import org.stackbox.common.ErrorKind;
import org.stackbox.common.StackboxException;

import static java.util.Objects.requireNonNull;

/** Block device mappings that cannot make a server, as Nova refuses them: the caller's error. */
public final class BlockDeviceMappingException extends StackboxException {
    /** Why the mappings were refused; each reason's message template is what the caller reads. */
    public enum Reason implements ErrorCode {
        NO_BOOT_DEVICE("Boot sequence for the instance and image/block device mapping combination is not valid: "
                + "no image and no block device with boot_index 0."),
        INVALID_BOOT_SEQUENCE("Boot sequence for the instance and image/block device mapping combination is not "
                + "valid: %s"),
        DUPLICATE_BOOT_INDEX("Block Device Mapping is Invalid: boot_index %s is given to more than one device."),
        DUPLICATE_TARGET("Block Device Mapping is Invalid: device name %s is used more than once."),
        INVALID_DEVICE_NAME("Block Device Mapping is Invalid: device name %s does not fit bus %s."),
        ISO_AS_DISK("Block Device Mapping is Invalid: image %s is an ISO, which is attached as a read-only CD-ROM, "
                + "never as a writable disk."),
        BUS_NOT_AVAILABLE("Block Device Mapping is Invalid: bus %s is not available on machine type %s."),
        BUS_CANNOT_CARRY_CDROM("Block Device Mapping is Invalid: a CD-ROM cannot be attached on bus %s."),
        BUS_NOT_HOT_PLUGGABLE("Bus %s cannot take a device while the server runs."),
        TOO_MANY_DEVICES("Block Device Mapping is Invalid: no free device name left on bus %s."),
        EPHEMERAL_NOT_DISK("Block Device Mapping is Invalid: a local blank device can only be a disk."),
        IMAGE_REQUIRED("Block Device Mapping is Invalid: a mapping with source image and destination local needs "
                + "the server's image."),
        MORE_THAN_ONE_IMAGE_DISK("Block Device Mapping is Invalid: more than one local disk made from the image."),
        INVALID_IMAGE_PROPERTY("Invalid image property %s=%s: %s"),
        ALREADY_ATTACHED("%s is already attached to the server.");

        private final String template;

        Reason(String template) { this.template = template; }

        @Override
        public ErrorKind kind() { return ErrorKind.INVALID; }

        String message(Object... arguments) { return template.formatted(arguments); }
    }

    public BlockDeviceMappingException(Reason reason, Object... arguments) {
        super(reason, requireNonNull(reason, "reason is null").message(arguments), null);
    }

    public Reason reason() { return (Reason) code(); }
}
