package org.stackbox.compute.metadata;

import org.stackbox.common.Json;
import org.stackbox.compute.UserData;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * A server's metadata as Nova's {@code InstanceMetadata} gives it: the files of its config drive, and the answer to
 * each path the metadata service is asked for, under {@code /openstack} and the EC2 paths (everything else).
 */
public final class InstanceMetadata {
    /** Nova's default {@code dhcp_domain}, which it appends to host names in metadata. */
    static final String DHCP_DOMAIN = "novalocal";
    public static final String TEXT = "text/plain";
    public static final String JSON = "application/json";

    private final InstanceFacts facts;
    private final OpenStackDocuments documents;
    private final Optional<byte[]> userData;
    private final LocalDate today;

    /**
     * @param randomSeed gives the 512 random bytes of each {@code meta_data.json}'s {@code random_seed}
     * @param today hides OpenStack versions dated later from the {@code /openstack} listing, as Nova does
     */
    public InstanceMetadata(InstanceFacts facts, Supplier<byte[]> randomSeed, LocalDate today) {
        this.facts = requireNonNull(facts, "facts is null");
        this.documents = new OpenStackDocuments(facts, randomSeed);
        this.userData = facts.userData().flatMap(UserData::decode);
        this.today = requireNonNull(today, "today is null");
    }

    /** A body and its content type; a large body (a file a guest boots) stays in its file until it is written. */
    public record Answer(byte[] body, String contentType, Path file) {
        public Answer {
            requireNonNull(body, "body is null");
            requireNonNull(contentType, "contentType is null");
        }

        public Answer(byte[] body, String contentType) {
            this(body, contentType, null);
        }

        static Answer ofFile(Path file, String contentType) {
            return new Answer(new byte[0], contentType, requireNonNull(file, "file is null"));
        }

        long length() throws IOException {
            return file == null ? body.length : Files.size(file);
        }

        void writeTo(OutputStream out) throws IOException {
            if (file == null) {
                out.write(body);
            } else {
                Files.copy(file, out);
            }
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    static String qualifiedHostname(InstanceFacts facts) {
        return facts.hostname() + "." + DHCP_DOMAIN;
    }

    /** The answer for a request path, or empty for a path with no data (404). */
    public Optional<Answer> lookup(String requestPath) {
        List<String> tokens = normalized(requestPath);
        if (tokens.isEmpty()) {
            return Optional.of(text(listing(withLatest(MetadataVersions.EC2))));
        }
        if (tokens.get(0).equals("openstack")) {
            if (tokens.size() == 1) {
                return Optional.of(text(listing(MetadataVersions.openStackListing(today))));
            }
            return openStack(tokens.subList(1, tokens.size()));
        }
        List<String> ec2 = tokens.get(0).equals("ec2") ? tokens.subList(1, tokens.size()) : tokens;
        if (ec2.isEmpty()) {
            return Optional.of(text(listing(withLatest(MetadataVersions.EC2))));
        }
        String version = MetadataVersions.ec2(ec2.get(0));
        if (version == null) {
            return Optional.empty();
        }
        return Ec2MetaData.find(Ec2MetaData.tree(facts, version), ec2.subList(1, ec2.size()))
                .map(node -> new Answer(Ec2MetaData.print(node), TEXT));
    }

    private Optional<Answer> openStack(List<String> tokens) {
        String version = MetadataVersions.openStack(tokens.get(0));
        if (version == null) {
            return Optional.empty();
        }
        if (tokens.size() == 1) {
            return Optional.of(text(listing(versionListing(version))));
        }
        String file = String.join("/", tokens.subList(1, tokens.size()));
        return switch (file) {
            case "meta_data.json" -> Optional.of(new Answer(documents.metaData(version), JSON));
            case "user_data" -> userData.map(data -> new Answer(data, TEXT));
            case "password" -> MetadataVersions.openStackAtLeast(version, MetadataVersions.GRIZZLY)
                    ? Optional.of(text("")) : Optional.empty();
            case "vendor_data.json" -> MetadataVersions.openStackAtLeast(version, MetadataVersions.HAVANA)
                    ? Optional.of(new Answer(documents.vendorData(), JSON)) : Optional.empty();
            // Nova serves network_data.json as text/plain.
            case "network_data.json" -> Optional.of(new Answer(documents.networkData(), TEXT));
            case "vendor_data2.json" -> MetadataVersions.openStackAtLeast(version, MetadataVersions.NEWTON_TWO)
                    ? Optional.of(new Answer(documents.vendorData2(), JSON)) : Optional.empty();
            default -> Optional.empty();
        };
    }

    private List<String> versionListing(String version) {
        List<String> files = new ArrayList<>();
        files.add("meta_data.json");
        if (userData.isPresent()) {
            files.add("user_data");
        }
        if (MetadataVersions.openStackAtLeast(version, MetadataVersions.GRIZZLY)) {
            files.add("password");
        }
        if (MetadataVersions.openStackAtLeast(version, MetadataVersions.HAVANA)) {
            files.add("vendor_data.json");
        }
        if (MetadataVersions.openStackAtLeast(version, MetadataVersions.LIBERTY)) {
            files.add("network_data.json");
        }
        if (MetadataVersions.openStackAtLeast(version, MetadataVersions.NEWTON_TWO)) {
            files.add("vendor_data2.json");
        }
        return files;
    }

    /**
     * The config drive's files by path, as Nova's {@code metadata_for_config_drive} yields them: the EC2 meta-data (as
     * JSON) and user data of the versions it keeps, then every OpenStack version's documents.
     */
    public Map<String, byte[]> configDriveFiles() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String requested : MetadataVersions.EC2_ON_CONFIG_DRIVE) {
            Map<String, Object> tree = Ec2MetaData.tree(facts, MetadataVersions.ec2(requested));
            if (tree.get("user-data") instanceof byte[] data) {
                files.put("ec2/" + requested + "/user-data", data);
            }
            files.put("ec2/" + requested + "/meta-data.json",
                    Json.writeBytes(Ec2MetaData.withoutNames(tree.get("meta-data"))));
        }
        for (String requested : withLatest(MetadataVersions.OPENSTACK)) {
            String version = MetadataVersions.openStack(requested);
            String directory = "openstack/" + requested + "/";
            files.put(directory + "meta_data.json", documents.metaData(version));
            userData.ifPresent(data -> files.put(directory + "user_data", data));
            if (MetadataVersions.openStackAtLeast(version, MetadataVersions.HAVANA)) {
                files.put(directory + "vendor_data.json", documents.vendorData());
            }
            if (MetadataVersions.openStackAtLeast(version, MetadataVersions.LIBERTY)) {
                files.put(directory + "network_data.json", documents.networkData());
            }
            if (MetadataVersions.openStackAtLeast(version, MetadataVersions.NEWTON_TWO)) {
                files.put(directory + "vendor_data2.json", documents.vendorData2());
            }
        }
        return files;
    }

    /** The path's segments as {@code posixpath.normpath} leaves them: no empty, {@code .} or {@code ..} segments. */
    static List<String> normalized(String path) {
        List<String> tokens = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (!tokens.isEmpty()) {
                    tokens.remove(tokens.size() - 1);
                }
                continue;
            }
            tokens.add(segment);
        }
        return tokens;
    }

    private static List<String> withLatest(List<String> versions) {
        List<String> all = new ArrayList<>(versions);
        all.add(MetadataVersions.LATEST);
        return all;
    }

    private static String listing(List<String> lines) {
        return String.join("\n", lines);
    }

    private static Answer text(String body) {
        return new Answer(body.getBytes(StandardCharsets.UTF_8), TEXT);
    }
}
