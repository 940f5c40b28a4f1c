package org.stackbox.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code openstack server set --password} (Nova's changePassword) reaching a real guest: an image with
 * {@code hw_qemu_guest_agent=yes} gives the guest the agent's virtio serial port, on which a small agent written in
 * busybox shell ({@link #GUEST}) answers {@code guest-sync} and {@code guest-set-user-password} and prints on its
 * console the user and the decoded password it was given. A guest without the property is refused with Nova's 409.
 */
@Timeout(600)
class ChangePasswordGuestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FLAVOR = "stackbox.micro";
    private static final String PASSWORD = "Tr0ub4dor & 3 ünïcode";
    /**
     * Finds the port named {@code org.qemu.guest_agent.0}, says {@code AGENT-READY <device>}, and serves the agent's
     * protocol on it: each command's words (the JSON's punctuation made spaces) give its name and its arguments. While
     * Stackbox is not connected a read on the port ends at once, so the agent opens the port again after a pause.
     */
    private static final String GUEST = LinuxGuests.init("""
            agent=""
            for port in /sys/class/virtio-ports/*; do
              [ "$(cat "$port/name" 2>/dev/null)" = org.qemu.guest_agent.0 ] && agent=/dev/${port##*/}
            done
            echo "AGENT-READY $agent"
            serve() {
              while true; do
                exec 3<>"$agent"
                while read -r line <&3; do
                  set -- $(echo "$line" | tr '{}":,' '     ')
                  [ $# -ge 2 ] || continue
                  command=$2
                  shift 2
                  [ "$1" = arguments ] && shift
                  id=""; user=""; pass=""
                  while [ $# -ge 2 ]; do
                    case "$1" in
                      id) id=$2 ;;
                      username) user=$2 ;;
                      password) pass=$(echo "$2" | base64 -d) ;;
                    esac
                    shift 2
                  done
                  case "$command" in
                    guest-sync) echo '{"return": '"$id"'}' >&3 ;;
                    guest-set-user-password)
                      echo "AGENT-PASSWORD [$user] [$pass]"
                      echo '{"return": {}}' >&3 ;;
                    *) echo '{"error": {"class": "CommandNotFound", "desc": "not here"}}' >&3 ;;
                  esac
                done
                exec 3>&-
                sleep 0.2
              done
            }
            [ -n "$agent" ] && serve &
            """);

    @TempDir
    static Path work;

    private static CloudUnderTest cloud;
    private static Map<String, String> admin;
    private static Path iso;

    @BeforeAll
    static void start() throws Exception {
        iso = LinuxGuests.bootableIso(GUEST);
        cloud = CloudUnderTest.start(work);
        admin = cloud.admin();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void thePasswordArrivesInTheGuestThroughItsAgent() throws Exception {
        String withAgent = server(image("with-agent", "--property", "hw_qemu_guest_agent=yes"), "agent-guest");
        cloud.awaitConsole(withAgent, log -> log.contains("AGENT-READY /dev/vport"), Duration.ofSeconds(240));

        run("openstack", "server", "set", "--password", PASSWORD, withAgent).requireSuccess();

        String log = cloud.awaitConsole(withAgent, text -> text.contains("AGENT-PASSWORD"), Duration.ofSeconds(30));
        assertThat(log).contains("AGENT-PASSWORD [root] [" + PASSWORD + "]");
        JsonNode shown = JSON.readTree(run("openstack", "server", "show", withAgent, "-f", "json").requireSuccess()
                .stdout());
        assertThat(shown.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(shown.path("OS-EXT-STS:task_state").isNull()).as(shown.toString()).isTrue();
        assertThat(run("openstack", "server", "event", "list", withAgent, "-f", "json").requireSuccess().stdout())
                .contains("changePassword");

        String withoutAgent = server(image("without-agent"), "plain-guest");
        Cli.Result refused = run("openstack", "server", "set", "--password", PASSWORD, withoutAgent);
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("QEMU guest agent is not enabled", "HTTP 409");
    }

    private static String image(String name, String... properties) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("openstack", "image", "create",
                "--disk-format", "iso", "--container-format", "bare", "--property", "os_shutdown_timeout=1",
                "--file", iso.toString(), "-f", "json"));
        command.addAll(java.util.List.of(properties));
        command.add(name);
        return JSON.readTree(run(command.toArray(String[]::new)).requireSuccess().stdout()).path("id").asText();
    }

    private static String server(String image, String name) throws Exception {
        String id = JSON.readTree(run("openstack", "server", "create", "--image", image, "--flavor", FLAVOR, "-f", "json",
                name).requireSuccess().stdout()).path("id").asText();
        cloud.awaitStatus(id, "ACTIVE", Duration.ofSeconds(120));
        return id;
    }

    private static Cli.Result run(String... command) throws Exception {
        return cloud.run(admin, command);
    }
}
