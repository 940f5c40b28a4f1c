package org.stackbox.compute.metadata;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * The EC2-style metadata tree Nova serves ({@code get_ec2_metadata}) and its plain-text rendering
 * ({@code ec2_md_print}): a directory lists its keys sorted, sub-directories with a trailing {@code /}, and
 * {@code public-keys/} lists {@code 0=<key name>}.
 * <p>EC2 ids come from the OpenStack ones: {@code i-} and {@code ami-} with the first eight hex digits of the
 * server's and image's UUIDs (Nova numbers them in a table of its own).
 */
final class Ec2MetaData {
    /** Key of the name under which a directory is listed in its parent, as in Nova. */
    static final String NAME = "_name";
    private static final Map<String, Object> DEFAULT_MAPPINGS = defaultMappings();

    private Ec2MetaData() {}

    /** The tree for a resolved EC2 version: {@code meta-data} and, if there is user data, {@code user-data}. */
    static Map<String, Object> tree(InstanceFacts facts, String version) {
        String hostname = InstanceMetadata.qualifiedHostname(facts);
        String fixedIp = facts.interfaces().stream().flatMap(card -> card.address().stream())
                .map(GuestInterface.FixedAddress::ip).findFirst().orElse("");
        Map<String, Object> metaData = new LinkedHashMap<>();
        metaData.put("ami-id", "ami-" + facts.imageId().map(Ec2MetaData::shortId).orElse("00000000"));
        metaData.put("ami-launch-index", 0);
        metaData.put("ami-manifest-path", "FIXME");
        metaData.put("instance-id", instanceId(facts.serverId()));
        metaData.put("hostname", hostname);
        metaData.put("local-ipv4", fixedIp);
        metaData.put("reservation-id", "r-" + facts.serverId().substring(Math.max(0, facts.serverId().length() - 8)));
        metaData.put("security-groups", List.of("default"));
        facts.key().ifPresent(key -> {
            Map<String, Object> first = new LinkedHashMap<>();
            first.put(NAME, "0=" + key.name());
            first.put("openssh-key", key.publicKey());
            metaData.put("public-keys", new LinkedHashMap<>(Map.of("0", first)));
        });
        if (MetadataVersions.ec2AtLeast(version, "2007-01-19")) {
            metaData.put("local-hostname", hostname);
            metaData.put("public-hostname", hostname);
            metaData.put("public-ipv4", "");
        }
        if (MetadataVersions.ec2AtLeast(version, "2007-08-29")) {
            metaData.put("instance-type", facts.flavorName());
        }
        if (MetadataVersions.ec2AtLeast(version, "2007-12-15")) {
            metaData.put("block-device-mapping", blockDeviceMapping(facts));
        }
        if (MetadataVersions.ec2AtLeast(version, "2008-02-01")) {
            metaData.put("placement", Map.of("availability-zone", facts.availabilityZone()));
        }
        if (MetadataVersions.ec2AtLeast(version, "2008-09-01")) {
            metaData.put("instance-action", "none");
        }
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("meta-data", metaData);
        facts.userData().flatMap(org.stackbox.compute.UserData::decode).ifPresent(data -> tree.put("user-data", data));
        return tree;
    }

    static String instanceId(String serverId) {
        return "i-" + shortId(serverId);
    }

    private static String shortId(String uuid) {
        String hex = uuid.replace("-", "");
        return hex.substring(0, Math.min(8, hex.length()));
    }

    private static Map<String, Object> blockDeviceMapping(InstanceFacts facts) {
        if (facts.rootDeviceName().isEmpty()) {
            return DEFAULT_MAPPINGS;
        }
        String root = facts.rootDeviceName().get();
        Map<String, Object> mappings = new LinkedHashMap<>();
        mappings.put("ami", root.startsWith("/dev/") ? root.substring(5) : root);
        mappings.put("root", root);
        List<String> volumes = new ArrayList<>(facts.volumeDevices());
        volumes.sort(null);
        for (int index = 0; index < volumes.size(); index++) {
            mappings.put("ebs" + index, volumes.get(index));
        }
        return mappings;
    }

    private static Map<String, Object> defaultMappings() {
        Map<String, Object> mappings = new LinkedHashMap<>();
        mappings.put("ami", "sda1");
        mappings.put("ephemeral0", "sda2");
        mappings.put("root", "/dev/sda1");
        mappings.put("swap", "sda3");
        return mappings;
    }

    /** The node at {@code path} below {@code tree}, if there is one. */
    static Optional<Object> find(Object tree, List<String> path) {
        Object node = tree;
        for (String token : path) {
            if (!(node instanceof Map<?, ?> directory) || !directory.containsKey(token)) {
                return Optional.empty();
            }
            node = directory.get(token);
        }
        return Optional.of(node);
    }

    /** The node as Nova's metadata service prints it. */
    static byte[] print(Object node) {
        if (node instanceof byte[] bytes) {
            return bytes;
        }
        if (node instanceof Map<?, ?> directory) {
            List<String> lines = new ArrayList<>();
            for (Object key : new TreeSet<>(directory.keySet())) {
                if (NAME.equals(key)) {
                    continue;
                }
                Object value = directory.get(key);
                if (value instanceof Map<?, ?> child) {
                    lines.add(child.containsKey(NAME) ? String.valueOf(child.get(NAME)) : key + "/");
                } else {
                    lines.add(String.valueOf(key));
                }
            }
            return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        }
        if (node instanceof List<?> list) {
            List<String> lines = new ArrayList<>();
            list.forEach(item -> lines.add(String.valueOf(item)));
            return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        }
        return String.valueOf(requireNonNull(node, "node is null")).getBytes(StandardCharsets.UTF_8);
    }

    /** The tree without the listing names, as the config drive's {@code meta-data.json} has it. */
    static Object withoutNames(Object node) {
        if (node instanceof Map<?, ?> directory) {
            Map<String, Object> copy = new LinkedHashMap<>();
            directory.forEach((key, value) -> {
                if (!NAME.equals(key)) {
                    copy.put(String.valueOf(key), withoutNames(value));
                }
            });
            return copy;
        }
        return node;
    }
}
