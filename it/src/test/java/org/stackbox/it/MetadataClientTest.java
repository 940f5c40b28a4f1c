package org.stackbox.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key pairs, user data, config drives and the metadata service through the official clients, against real QEMU: a
 * small Linux guest ({@link #GUEST}) mounts its config drive and asks 169.254.169.254 about itself, and prints what it
 * learns on its serial console, which the test reads with {@code openstack console log show}.
 */
@Timeout(900)
class MetadataClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FLAVOR = "stackbox.micro";
    private static final String REPORT_PREFIX = "GUEST ";
    /**
     * The guest reports on its console, one line each, prefixed {@value #REPORT_PREFIX}:
     * <ul>
     *   <li>{@code address <card> <ip/prefix>} for each card that got an address by DHCP;</li>
     *   <li>{@code cd-meta <json>}: its config drive's {@code openstack/latest/meta_data.json};</li>
     *   <li>{@code md-instance-id}, {@code md-hostname}, {@code md-key} and {@code md-meta}: what the metadata service
     *       at {@code 169.254.169.254} answers for the EC2 instance id, host name, first public key and
     *       {@code /openstack/latest/meta_data.json};</li>
     *   <li>then it runs its user data if that is a script ({@code #!}), between {@code user-data start} and
     *       {@code user-data exit <status>}, and prints {@code done}.</li>
     * </ul>
     */
    private static final String GUEST = LinuxGuests.init("""
            cat > /etc/udhcpc.script <<'EOF'
            #!/bin/sh
            case "$1" in
              bound|renew)
                ip addr flush dev "$interface"
                ip addr add "$ip/${mask:-24}" dev "$interface"
                [ -n "$router" ] && ip route add default via "${router%% *}" dev "$interface"
                for server in $dns; do echo "nameserver $server"; done > /etc/resolv.conf
                ;;
            esac
            exit 0
            EOF
            chmod +x /etc/udhcpc.script
            say() { echo "GUEST $*"; }
            say "booted $(uname -r)"
            for card in /sys/class/net/*; do
              name=${card##*/}
              [ "$name" = lo ] && continue
              ip link set "$name" up
              if udhcpc -i "$name" -q -n -t 10 -T 1 -s /etc/udhcpc.script >/dev/null 2>&1; then
                say "address $name $(ip -4 -o addr show dev "$name" | awk '{print $4}')"
              fi
            done
            mkdir -p /mnt/config
            found=""
            tries=0
            while [ -z "$found" ] && [ $tries -lt 100 ]; do
              for device in /dev/sr0 /dev/sr1 /dev/sr2 /dev/sr3 /dev/vda /dev/vdb; do
                [ -b "$device" ] || continue
                if mount -t iso9660 -o ro "$device" /mnt/config 2>/dev/null; then
                  if [ -f /mnt/config/openstack/latest/meta_data.json ]; then found=$device; break; fi
                  umount /mnt/config
                fi
              done
              [ -n "$found" ] || { sleep 0.2; tries=$((tries + 1)); }
            done
            if [ -n "$found" ]; then
              say "config-drive $found"
              say "cd-meta $(cat /mnt/config/openstack/latest/meta_data.json)"
              [ -f /mnt/config/openstack/latest/user_data ] && cp /mnt/config/openstack/latest/user_data /user-data
            fi
            md() { timeout 20 wget -q -O - "http://169.254.169.254$1" 2>/dev/null; }
            say "md-instance-id $(md /latest/meta-data/instance-id)"
            say "md-hostname $(md /latest/meta-data/hostname)"
            say "md-key $(md /latest/meta-data/public-keys/0/openssh-key)"
            say "md-meta $(md /openstack/latest/meta_data.json)"
            [ -f /user-data ] || md /latest/user-data > /user-data
            if [ "$(head -c 2 /user-data)" = "#!" ]; then
              chmod +x /user-data
              say "user-data start"
              /user-data
              say "user-data exit $?"
            fi
            say "done"
            """);

    @TempDir
    static Path work;

    private static CloudUnderTest cloud;
    private static Map<String, String> admin;
    private static Path home;
    private static String imageId;

    @BeforeAll
    static void start() throws Exception {
        Path iso = LinuxGuests.bootableIso(GUEST);
        cloud = CloudUnderTest.start(work);
        admin = cloud.admin();
        home = cloud.home();
        // The guest ignores the ACPI power button: a short clean-shutdown timeout keeps stops quick.
        imageId = JSON.readTree(run(admin, "openstack", "image", "create", "--disk-format", "iso",
                "--container-format", "bare", "--public", "--property", "os_shutdown_timeout=1", "--file",
                iso.toString(), "tiny-linux", "-f", "json").requireSuccess().stdout()).path("id").asText();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void keyPairsAreGeneratedImportedListedShownAndDeletedPerUser() throws Exception {
        Cli.Result generated = run(admin, "openstack", "keypair", "create", "generated").requireSuccess();
        assertThat(generated.stdout()).startsWith("-----BEGIN RSA PRIVATE KEY-----\n")
                .contains("-----END RSA PRIVATE KEY-----");
        Path privateKey = home.resolve("generated.pem");
        Files.writeString(privateKey, generated.stdout());
        Files.setPosixFilePermissions(privateKey, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        String derived = Cli.run(Map.of(), home, "ssh-keygen", "-y", "-f", privateKey.toString()).requireSuccess()
                .stdout();
        JsonNode generatedShown = JSON.readTree(run(admin, "openstack", "keypair", "show", "generated", "-f", "json")
                .requireSuccess().stdout());
        assertThat(generatedShown.path("type").asText()).isEqualTo("ssh");
        assertThat(run(admin, "openstack", "keypair", "show", "--public-key", "generated").requireSuccess().stdout())
                .contains(derived.strip().split(" ")[1]).contains("Generated-by-Nova");

        Path publicKey = sshKey("imported");
        String fingerprint = Cli.run(Map.of(), home, "ssh-keygen", "-l", "-E", "md5", "-f", publicKey.toString())
                .requireSuccess().stdout().split(" ")[1].substring("MD5:".length());
        JsonNode imported = JSON.readTree(run(admin, "openstack", "keypair", "create", "--public-key",
                publicKey.toString(), "imported", "-f", "json").requireSuccess().stdout());
        assertThat(imported.path("fingerprint").asText()).isEqualTo(fingerprint);
        JsonNode list = JSON.readTree(run(admin, "openstack", "keypair", "list", "-f", "json").requireSuccess()
                .stdout());
        assertThat(list.findValuesAsText("Name")).contains("generated", "imported");
        assertThat(list.findValuesAsText("Fingerprint")).contains(fingerprint);
        JsonNode shown = JSON.readTree(run(admin, "openstack", "keypair", "show", "imported", "-f", "json")
                .requireSuccess().stdout());
        assertThat(shown.path("user_id").asText()).isEqualTo(userId(cloud.token()));
        assertThat(shown.path("fingerprint").asText()).isEqualTo(fingerprint);

        Cli.Result duplicate = run(admin, "openstack", "keypair", "create", "--public-key", publicKey.toString(),
                "imported");
        assertThat(duplicate.exitCode()).isNotZero();
        assertThat(duplicate.stderr()).contains("Key pair 'imported' already exists.", "409");
        Path invalid = Files.writeString(home.resolve("invalid.pub"), "ssh-rsa AAAAnotakey comment\n");
        Cli.Result refused = run(admin, "openstack", "keypair", "create", "--public-key", invalid.toString(), "bad");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("Keypair data is invalid: failed to generate fingerprint", "400");

        // Another user has key pairs of their own; the administrator can name them (2.10).
        run(admin, "openstack", "project", "create", "keys").requireSuccess();
        run(admin, "openstack", "user", "create", "--project", "keys", "--password", "secret-carol", "carol")
                .requireSuccess();
        run(admin, "openstack", "role", "add", "--project", "keys", "--user", "carol", "member").requireSuccess();
        Map<String, String> carol = new HashMap<>(admin);
        carol.put("OS_USERNAME", "carol");
        carol.put("OS_PASSWORD", "secret-carol");
        carol.put("OS_PROJECT_NAME", "keys");
        assertThat(JSON.readTree(run(carol, "openstack", "keypair", "list", "-f", "json").requireSuccess().stdout()))
                .isEmpty();
        Cli.Result hidden = run(carol, "openstack", "keypair", "show", "imported");
        assertThat(hidden.exitCode()).isNotZero();
        assertThat(hidden.stderr()).contains("No Keypair found for imported");
        String carolToken = Http.token(cloud.url() + "/identity", "carol", "secret-carol", "keys");
        Http.Response notHers = Http.send("GET", cloud.url() + "/compute/v2.1/os-keypairs/imported", carolToken,
                null, null);
        assertThat(notHers.status()).isEqualTo(404);
        assertThat(notHers.body()).contains("Keypair imported not found for user " + userId(carolToken));
        run(admin, "openstack", "keypair", "create", "--user", "carol", "--public-key", publicKey.toString(),
                "for-carol").requireSuccess();
        assertThat(JSON.readTree(run(carol, "openstack", "keypair", "list", "-f", "json").requireSuccess().stdout())
                .findValuesAsText("Name")).containsExactly("for-carol");
        assertThat(JSON.readTree(run(admin, "openstack", "keypair", "list", "--user", "carol", "-f", "json")
                .requireSuccess().stdout()).findValuesAsText("Name")).containsExactly("for-carol");

        // Paging (2.35) and the 2.92 rule that a public key is required.
        // The client follows the pages (of one key pair here) to the end.
        assertThat(JSON.readTree(run(admin, "openstack", "--os-compute-api-version", "2.35", "keypair", "list",
                "--limit", "1", "-f", "json").requireSuccess().stdout()).findValuesAsText("Name"))
                .contains("generated", "imported");
        JsonNode page = Http.send("GET", cloud.url() + "/compute/v2.1/os-keypairs?limit=1", cloud.token(), null,
                null, Map.of("OpenStack-API-Version", "compute 2.35")).json();
        assertThat(page.path("keypairs").findValuesAsText("name")).containsExactly("generated");
        assertThat(page.at("/keypairs_links/0/href").asText())
                .endsWith("/compute/v2.1/os-keypairs?limit=1&marker=generated");
        Http.Response noKey = Http.send("POST", cloud.url() + "/compute/v2.1/os-keypairs", cloud.token(), null,
                "{\"keypair\": {\"name\": \"no-key\"}}", Map.of("OpenStack-API-Version", "compute 2.92"));
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(noKey.body()).contains("'public_key' is a required property");

        run(admin, "openstack", "keypair", "delete", "generated").requireSuccess();
        Cli.Result gone = run(admin, "openstack", "keypair", "show", "generated");
        assertThat(gone.exitCode()).isNotZero();
        assertThat(gone.stderr()).contains("No Keypair found for generated");
        run(admin, "openstack", "keypair", "delete", "imported").requireSuccess();
    }

    @Test
    void eachGuestReadsItsOwnIdentityFromItsConfigDriveAndTheMetadataService() throws Exception {
        Path publicKey = sshKey("guest");
        String key = Files.readString(publicKey).strip();
        run(admin, "openstack", "keypair", "create", "--public-key", publicKey.toString(), "guest-key")
                .requireSuccess();
        Path firstScript = Files.writeString(home.resolve("first.sh"), "#!/bin/sh\necho \"GUEST first-script ran\"\n");
        String first = createServer("--key-name", "guest-key", "--user-data", firstScript.toString(), "guest-one");
        // The second guest asks for the first one's data every way a request could name it.
        Path secondScript = Files.writeString(home.resolve("second.sh"), String.join("\n", "#!/bin/sh",
                "md() { timeout 20 wget -q -O - \"$@\" 2>/dev/null; }",
                "echo \"GUEST spoof-id $(md --header 'X-Instance-ID: " + first + "' "
                        + "http://169.254.169.254/latest/meta-data/instance-id)\"",
                "echo \"GUEST spoof-meta $(md 'http://169.254.169.254/openstack/latest/meta_data.json?uuid=" + first
                        + "')\"",
                "echo \"GUEST spoof-path $(md http://169.254.169.254/openstack/" + first + "/meta_data.json)\"", ""));
        String second = createServer("--user-data", secondScript.toString(), "guest-two");

        String firstLog = awaitConsole(first, log -> report(log, "done").isPresent());
        JsonNode configDrive = JSON.readTree(report(firstLog, "cd-meta").orElseThrow());
        assertThat(configDrive.path("uuid").asText()).isEqualTo(first);
        assertThat(configDrive.path("hostname").asText()).isEqualTo("guest-one.novalocal");
        assertThat(configDrive.path("public_keys").path("guest-key").asText().strip()).isEqualTo(key);
        assertGuestLearnedFromTheMetadataService(firstLog, first, "guest-one.novalocal", key);
        assertThat(reports(firstLog)).contains("first-script ran", "user-data exit 0");
        // On the default network the same guest got its port's fixed IP by DHCP.
        String fixedIp = cloud.api("GET", "/network/v2.0/ports?device_id=" + first, null).json()
                .at("/ports/0/fixed_ips/0/ip_address").asText();
        assertThat(fixedIp).startsWith("169.254.169.");
        assertThat(report(firstLog, "address")).hasValueSatisfying(
                address -> assertThat(address).endsWith(" " + fixedIp + "/24"));

        String secondLog = awaitConsole(second, log -> report(log, "done").isPresent());
        assertThat(JSON.readTree(report(secondLog, "cd-meta").orElseThrow()).path("uuid").asText())
                .isEqualTo(second);
        assertGuestLearnedFromTheMetadataService(secondLog, second, "guest-two.novalocal", "");
        assertThat(report(secondLog, "spoof-id")).contains("i-" + second.substring(0, 8));
        assertThat(JSON.readTree(report(secondLog, "spoof-meta").orElseThrow()).path("uuid").asText())
                .isEqualTo(second);
        assertThat(report(secondLog, "spoof-path")).contains("");
        assertThat(secondLog).doesNotContain(key);

        // After a restart of Stackbox the running guest is answered again: reboot it and it asks anew.
        cloud.restart();
        run(admin, "openstack", "server", "reboot", "--hard", "--wait", first).requireSuccess();
        String rebooted = awaitConsole(first, log -> reports(log).stream()
                .filter(line -> line.equals("done")).count() == 2);
        assertGuestLearnedFromTheMetadataService(rebooted, first, "guest-one.novalocal", key);

        run(admin, "openstack", "server", "delete", "--wait", first, second).requireSuccess();
        assertThat(Files.exists(cloud.dataDir().resolve("servers").resolve(first))).isFalse();
    }

    @Test
    void badUserDataAndUnknownKeysAreRefused() throws Exception {
        Path large = Files.write(home.resolve("large-user-data"), new byte[49152]);
        Cli.Result tooLarge = run(admin, "openstack", "server", "create", "--image", imageId, "--flavor", FLAVOR,
                "--user-data", large.toString(), "too-much-data");
        assertThat(tooLarge.exitCode()).isNotZero();
        assertThat(tooLarge.stderr()).contains("Invalid input for field/attribute user_data.", "is too long",
                "HTTP 400");

        Http.Response notBase64 = cloud.api("POST", "/compute/v2.1/servers",
                "{\"server\": {\"name\": \"refused\", \"imageRef\": \"" + imageId + "\", \"flavorRef\": \"11\", "
                        + "\"networks\": \"none\", \"user_data\": \"not base64!\"}}");
        assertThat(notBase64.status()).isEqualTo(400);
        assertThat(notBase64.body()).contains("is not a 'base64'");

        Cli.Result unknownKey = run(admin, "openstack", "server", "create", "--image", imageId, "--flavor", FLAVOR,
                "--key-name", "no-such-key", "unknown-key");
        assertThat(unknownKey.exitCode()).isNotZero();
        assertThat(unknownKey.stderr()).contains("Invalid key_name provided.", "HTTP 400");
        assertThat(JSON.readTree(run(admin, "openstack", "server", "list", "-f", "json").requireSuccess().stdout())
                .findValuesAsText("Name")).doesNotContain("too-much-data", "refused", "unknown-key");
    }

    private static void assertGuestLearnedFromTheMetadataService(String log, String serverId, String hostname,
                                                                 String key) throws Exception {
        assertThat(report(log, "md-instance-id")).contains("i-" + serverId.substring(0, 8));
        assertThat(report(log, "md-hostname")).contains(hostname);
        assertThat(report(log, "md-key").orElseThrow().strip()).isEqualTo(key);
        JsonNode metaData = JSON.readTree(report(log, "md-meta").orElseThrow());
        assertThat(metaData.path("uuid").asText()).isEqualTo(serverId);
        assertThat(metaData.path("hostname").asText()).isEqualTo(hostname);
    }

    private static String createServer(String... options) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openstack", "server", "create", "--image", imageId,
                "--flavor", FLAVOR, "-f", "json"));
        command.addAll(List.of(options));
        String id = JSON.readTree(run(admin, command.toArray(String[]::new)).requireSuccess().stdout()).path("id")
                .asText();
        cloud.awaitStatus(id, "ACTIVE", Duration.ofSeconds(120));
        return id;
    }

    /** The server's console log once {@code ready} holds for it, through {@code openstack console log show}. */
    private static String awaitConsole(String serverId, Predicate<String> ready) throws Exception {
        cloud.awaitConsole(serverId, ready, Duration.ofSeconds(240));
        String log = run(admin, "openstack", "console", "log", "show", serverId).requireSuccess().stdout();
        assertThat(ready.test(log)).as("the client's console log").isTrue();
        return log;
    }

    /** The lines the guest reported, without their prefix, from a console log. */
    private static List<String> reports(String consoleLog) {
        return consoleLog.lines().map(line -> line.replace("\r", "")).filter(line -> line.startsWith(REPORT_PREFIX))
                .map(line -> line.substring(REPORT_PREFIX.length())).toList();
    }

    /** The value of the last report named {@code name} ({@code <name> <value>}). */
    private static Optional<String> report(String consoleLog, String name) {
        List<String> values = reports(consoleLog).stream().filter(line -> line.startsWith(name + " ")
                || line.equals(name)).map(line -> line.length() > name.length() ? line.substring(name.length() + 1)
                : "").toList();
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }

    private static Path sshKey(String name) throws Exception {
        Path key = home.resolve(name);
        Cli.run(Map.of(), home, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name + "@test", "-f",
                key.toString()).requireSuccess();
        return home.resolve(name + ".pub");
    }

    private static String userId(String token) throws Exception {
        return Http.send("GET", cloud.url() + "/identity/v3/auth/tokens", token, token, null).json()
                .at("/token/user/id").asText();
    }

    private static Cli.Result run(Map<String, String> environment, String... command) throws Exception {
        return cloud.run(environment, command);
    }
}
