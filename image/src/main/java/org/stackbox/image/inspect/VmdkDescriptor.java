package org.stackbox.image.inspect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The text descriptor embedded in a sparse VMDK, parsed cautiously: every line must be a comment, a disk database
 * ({@code ddb.}) entry, a {@code key=value} header field or an extent; anything else is refused.
 */
record VmdkDescriptor(Optional<String> createType, List<Extent> extents) {
    static final String PARENT_HINT_KEY = "parentFileNameHint";

    private static final Set<String> ALLOWED_CREATE_TYPES = Set.of("monolithicsparse", "streamoptimized");
    private static final Pattern EXTENT_ACCESS = Pattern.compile("(?i)^(RW|RDONLY|NOACCESS)\\b.*");
    private static final Pattern EXTENT = Pattern.compile(
            "(?i)^(RW|RDONLY|NOACCESS)\\s+(\\d{1,18})\\s+([A-Z]+)(?:\\s+\"([^\"]*)\")?(?:\\s+(\\d{1,18}))?$");
    private static final Pattern HEADER_FIELD = Pattern.compile("^([A-Za-z0-9._]+)\\s*=(.*)$");

    /** One extent line: {@code ACCESS SECTORS TYPE "FILE" [OFFSET]}. */
    record Extent(long sectors, String type, Optional<String> fileName, boolean hasOffset) {
        Extent {
            requireNonNull(type, "type is null");
            requireNonNull(fileName, "fileName is null");
        }
    }

    VmdkDescriptor {
        requireNonNull(createType, "createType is null");
        extents = List.copyOf(requireNonNull(extents, "extents is null"));
    }

    /** Parses the descriptor text, which ends at the first NUL byte. */
    static VmdkDescriptor parse(byte[] bytes) throws RejectedImageException {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            if (bytes[end] < 0) {
                throw new RejectedImageException("vmdk descriptor is not ASCII text");
            }
            end++;
        }
        Optional<String> createType = Optional.empty();
        List<Extent> extents = new ArrayList<>();
        for (String rawLine : new String(bytes, 0, end, StandardCharsets.US_ASCII).split("\n")) {
            String line = rawLine.strip();
            if (line.isEmpty() || line.startsWith("#") || line.toLowerCase(Locale.ROOT).startsWith("ddb.")) {
                continue;
            }
            if (EXTENT_ACCESS.matcher(line).matches()) {
                extents.add(extent(line));
                continue;
            }
            Matcher field = HEADER_FIELD.matcher(line);
            if (!field.matches()) {
                throw new RejectedImageException("vmdk descriptor has an unrecognised line: " + abbreviated(line));
            }
            String key = field.group(1);
            if (key.equalsIgnoreCase(PARENT_HINT_KEY)) {
                throw new RejectedImageException("vmdk image names a parent disk, which is not allowed");
            }
            if (key.equalsIgnoreCase("createType")) {
                createType = Optional.of(unquoted(field.group(2).strip()));
            }
        }
        return new VmdkDescriptor(createType, extents);
    }

    /** Refuses anything but one sparse extent that is this very file, covering the capacity its header declares. */
    void requireSingleSparseExtent(long capacitySectors) throws RejectedImageException {
        String type = createType.orElseThrow(() -> new RejectedImageException("vmdk descriptor has no createType"));
        if (!ALLOWED_CREATE_TYPES.contains(type.toLowerCase(Locale.ROOT))) {
            throw new RejectedImageException("vmdk image has createType " + abbreviated(type)
                    + "; only monolithicSparse and streamOptimized are allowed");
        }
        if (extents.size() != 1) {
            throw new RejectedImageException("vmdk descriptor lists " + extents.size()
                    + " extents; only the image's own single extent is allowed");
        }
        Extent extent = extents.get(0);
        if (!extent.type().equalsIgnoreCase("SPARSE") || extent.hasOffset()) {
            throw new RejectedImageException("vmdk descriptor has a " + extent.type()
                    + " extent; only the image's own sparse extent is allowed");
        }
        String fileName = extent.fileName().orElse("");
        if (fileName.isEmpty() || fileName.chars().anyMatch(character -> "/\\:".indexOf(character) >= 0)) {
            throw new RejectedImageException("vmdk descriptor names extent file \"" + abbreviated(fileName)
                    + "\"; a path is not allowed");
        }
        if (extent.sectors() != capacitySectors) {
            throw new RejectedImageException("vmdk descriptor names extent \"" + abbreviated(fileName) + "\" of "
                    + extent.sectors() + " sectors, but the image holds " + capacitySectors
                    + "; it describes another file");
        }
    }

    private static Extent extent(String line) throws RejectedImageException {
        Matcher matcher = EXTENT.matcher(line);
        if (!matcher.matches()) {
            throw new RejectedImageException("vmdk descriptor has an unrecognised extent line: " + abbreviated(line));
        }
        return new Extent(Long.parseLong(matcher.group(2)), matcher.group(3).toUpperCase(Locale.ROOT),
                Optional.ofNullable(matcher.group(4)), matcher.group(5) != null);
    }

    private static String unquoted(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    /** Descriptor text is the uploader's: keep what a message repeats of it short. */
    private static String abbreviated(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 64 ? printable : printable.substring(0, 64) + "...";
    }
}
