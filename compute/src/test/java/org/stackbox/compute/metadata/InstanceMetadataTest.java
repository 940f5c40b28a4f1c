package org.stackbox.compute.metadata;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The config drive and the metadata service's answers. {@code metadata/<case>/} holds every file of the case's config
 * drive, compared byte for byte; after an intended change run with {@code -Dgolden.update=true} and review the diff.
 */
@Timeout(10)
class InstanceMetadataTest {
    static final Path GOLDEN = Path.of("src/test/resources/metadata");
    static final String SERVER = "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMKNB69/VaeUe6SJnnDHiBZsNwTfjI2cHmvpup+E0Nst "
            + "test@ed25519\n";
    static final String SCRIPT = "#!/bin/sh\necho hello from user data\n";
    static final LocalDate TODAY = LocalDate.of(2026, 1, 15);

    static InstanceFacts keyedWithUserData() {
        return new InstanceFacts(SERVER, "Web Server 1", "web-server-1", "project-a", "nova",
                Optional.of(new InstanceFacts.BootKey("mykey", "ssh", KEY)),
                Optional.of(Base64.getEncoder().encodeToString(SCRIPT.getBytes(StandardCharsets.UTF_8))),
                Map.of("role", "webserver", "priority", "low"), "stackbox.nano",
                Optional.of("f80ba429-417d-4ae7-8b4d-855a484f8454"), Optional.of("/dev/vda"), List.of("/dev/vdb"),
                List.of(GuestInterface.dhcp("fa:16:3e:4c:2c:30")));
    }

    static InstanceFacts staticAddressWithoutKey() {
        GuestInterface.FixedAddress address = new GuestInterface.FixedAddress("10.0.0.5", "10.0.0.0/24",
                Optional.of("10.0.0.1"), List.of("10.0.0.3", "8.8.8.8"), false);
        GuestInterface.FixedAddress dhcp = new GuestInterface.FixedAddress("192.168.7.20", "192.168.7.0/26",
                Optional.of("192.168.7.1"), List.of("10.0.0.3"), true);
        return new InstanceFacts(SERVER, "db", "db", "project-a", "nova", Optional.empty(), Optional.empty(),
                Map.of(), "m1.small", Optional.empty(), Optional.empty(), List.of(),
                List.of(new GuestInterface("fa:16:3e:00:00:01", Optional.of("cd9f6d46-4a3a-43ab-a466-994af9db96fc"),
                                Optional.of("3b8a5a7e-0c7b-4b56-9d2c-1f0b5c1d2e3f"), Optional.of(1500),
                                Optional.of(address)),
                        new GuestInterface("fa:16:3e:00:00:02", Optional.of("0d2f6d46-1111-43ab-a466-994af9db96fc"),
                                Optional.of("5c8a5a7e-0c7b-4b56-9d2c-1f0b5c1d2e3f"), Optional.empty(),
                                Optional.of(dhcp))));
    }

    static InstanceMetadata metadata(InstanceFacts facts) {
        return new InstanceMetadata(facts, () -> {
            byte[] seed = new byte[512];
            for (int index = 0; index < seed.length; index++) {
                seed[index] = (byte) index;
            }
            return seed;
        }, TODAY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"keyed-with-user-data", "static-address-without-key"})
    void configDriveMatchesTheGoldenFiles(String name) throws IOException {
        InstanceFacts facts = name.equals("keyed-with-user-data") ? keyedWithUserData() : staticAddressWithoutKey();
        Map<String, byte[]> files = metadata(facts).configDriveFiles();
        Path directory = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path target = directory.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, file.getValue());
            }
        }
        TreeSet<String> golden = new TreeSet<>();
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.filter(Files::isRegularFile).forEach(path -> golden.add(directory.relativize(path).toString()));
        }
        assertThat(new TreeSet<>(files.keySet())).isEqualTo(golden);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            assertThat(new String(file.getValue(), StandardCharsets.UTF_8)).as(file.getKey())
                    .isEqualTo(Files.readString(directory.resolve(file.getKey())));
        }
    }

    @Test
    void theConfigDriveHasTheVersionsCloudInitReads() {
        Map<String, byte[]> files = metadata(keyedWithUserData()).configDriveFiles();
        assertThat(files).containsKeys("openstack/latest/meta_data.json", "openstack/latest/network_data.json",
                "openstack/latest/vendor_data.json", "openstack/latest/vendor_data2.json",
                "openstack/latest/user_data", "openstack/2012-08-10/meta_data.json",
                "openstack/2018-08-27/network_data.json", "ec2/latest/meta-data.json", "ec2/2009-04-04/user-data");
        assertThat(files).doesNotContainKeys("openstack/2012-08-10/network_data.json", "ec2/1.0/meta-data.json",
                "openstack/2013-04-04/password");
    }

    @Test
    void servesTheEc2PathsCloudInitUses() {
        InstanceMetadata metadata = metadata(keyedWithUserData());
        assertThat(text(metadata, "/latest/meta-data/instance-id")).isEqualTo("i-7a1b2c3d");
        assertThat(text(metadata, "/2009-04-04/meta-data/instance-id")).isEqualTo("i-7a1b2c3d");
        assertThat(text(metadata, "/latest/meta-data/hostname")).isEqualTo("web-server-1.novalocal");
        assertThat(text(metadata, "/latest/meta-data/public-keys")).isEqualTo("0=mykey");
        assertThat(text(metadata, "/latest/meta-data/public-keys/")).isEqualTo("0=mykey");
        assertThat(text(metadata, "/latest/meta-data/public-keys/0")).isEqualTo("openssh-key");
        assertThat(text(metadata, "/latest/meta-data/public-keys/0/openssh-key")).isEqualTo(KEY);
        assertThat(text(metadata, "/latest/user-data")).isEqualTo(SCRIPT);
        assertThat(text(metadata, "/latest")).isEqualTo("meta-data/\nuser-data");
        assertThat(text(metadata, "/latest/meta-data/placement/availability-zone")).isEqualTo("nova");
        assertThat(text(metadata, "/latest/meta-data/block-device-mapping/root")).isEqualTo("/dev/vda");
        assertThat(text(metadata, "/latest/meta-data/")).isEqualTo(String.join("\n", "ami-id", "ami-launch-index",
                "ami-manifest-path", "block-device-mapping/", "hostname", "instance-action", "instance-id",
                "instance-type", "local-hostname", "local-ipv4", "placement/", "public-hostname", "public-ipv4",
                "public-keys/", "reservation-id", "security-groups"));
        assertThat(text(metadata, "/ec2/latest/meta-data/instance-type")).isEqualTo("stackbox.nano");
        assertThat(text(metadata, "/")).startsWith("1.0\n2007-01-19\n").endsWith("2009-04-04\nlatest");
    }

    @Test
    void servesTheOpenStackPaths() {
        InstanceMetadata metadata = metadata(keyedWithUserData());
        assertThat(text(metadata, "/openstack")).isEqualTo(String.join("\n", "2012-08-10", "2013-04-04",
                "2013-10-17", "2015-10-15", "2016-06-30", "2016-10-06", "2017-02-22", "2018-08-27", "2020-10-14",
                "2025-04-04", "latest"));
        assertThat(text(metadata, "/openstack/latest/")).isEqualTo(String.join("\n", "meta_data.json",
                "user_data", "password", "vendor_data.json", "network_data.json", "vendor_data2.json"));
        assertThat(metadata.lookup("/openstack/latest/meta_data.json")).hasValueSatisfying(answer -> {
            assertThat(answer.contentType()).isEqualTo("application/json");
            assertThat(answer.text()).contains("\"uuid\":\"" + SERVER + "\"", "\"hostname\":\"web-server-1.novalocal\"",
                    "\"public_keys\":{\"mykey\":");
        });
        assertThat(metadata.lookup("/openstack/2018-08-27/network_data.json")).hasValueSatisfying(answer ->
                assertThat(answer.contentType()).isEqualTo("text/plain"));
        assertThat(text(metadata, "/openstack/latest/user_data")).isEqualTo(SCRIPT);
        assertThat(text(metadata, "/openstack/latest/password")).isEmpty();
        assertThat(text(metadata, "/openstack//latest/./meta_data.json/../user_data")).isEqualTo(SCRIPT);
    }

    @Test
    void hidesVersionsDatedLaterFromTheListingButServesThem() {
        InstanceMetadata metadata = new InstanceMetadata(keyedWithUserData(), () -> new byte[512],
                LocalDate.of(2019, 1, 1));
        assertThat(text(metadata, "/openstack")).endsWith("2018-08-27\nlatest");
        assertThat(metadata.lookup("/openstack/2025-04-04/meta_data.json")).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/openstack/2011-01-01/meta_data.json", "/openstack/latest/nothing",
            "/2006-01-01/meta-data/instance-id", "/latest/meta-data/nothing", "/latest/meta-data/public-keys/1",
            "/openstack/2012-08-10/vendor_data.json", "/openstack/2012-08-10/password"})
    void unknownPathsHaveNoAnswer(String path) {
        assertThat(metadata(keyedWithUserData()).lookup(path)).isEmpty();
    }

    @Test
    void withoutKeyOrUserDataThoseAreAbsent() {
        InstanceMetadata metadata = metadata(staticAddressWithoutKey());
        assertThat(metadata.lookup("/latest/user-data")).isEmpty();
        assertThat(metadata.lookup("/openstack/latest/user_data")).isEmpty();
        assertThat(metadata.lookup("/latest/meta-data/public-keys")).isEmpty();
        assertThat(text(metadata, "/latest/meta-data/local-ipv4")).isEqualTo("10.0.0.5");
        assertThat(text(metadata, "/latest/meta-data/ami-id")).isEqualTo("ami-00000000");
        assertThat(text(metadata, "/latest/meta-data/block-device-mapping/root")).isEqualTo("/dev/sda1");
        assertThat(text(metadata, "/latest")).isEqualTo("meta-data/");
    }

    @Test
    void aServerWithoutCardsHasEmptyNetworkData() {
        InstanceFacts facts = keyedWithUserData();
        InstanceFacts withoutCards = new InstanceFacts(facts.serverId(), facts.name(), facts.hostname(),
                facts.projectId(), facts.availabilityZone(), facts.key(), facts.userData(), facts.metadata(),
                facts.flavorName(), facts.imageId(), facts.rootDeviceName(), facts.volumeDevices(), List.of());
        assertThat(text(metadata(withoutCards), "/openstack/latest/network_data.json")).isEqualTo("{}");
    }

    private static String text(InstanceMetadata metadata, String path) {
        return metadata.lookup(path).orElseThrow(() -> new AssertionError("No answer for " + path)).text();
    }
}
