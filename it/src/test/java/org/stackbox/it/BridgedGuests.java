package org.stackbox.it;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the guests of the bridged-mode tests share. {@link #SETUP} is the start of their script: {@code say} reports a
 * line ({@code GUEST ...}) on the console; {@code /etc/udhcpc.script} takes busybox {@code udhcpc}'s lease (address,
 * MTU, classless static routes or else the default route to the router) and reports {@code lease <card> ip=...
 * router=... dns=... mtu=... routes=...}; {@code /bin/hello} answers {@code hello-from-<eth0's address>};
 * {@code mount_config_drive} mounts the config drive on {@code /mnt/config}.
 */
final class BridgedGuests {
    static final String FLAVOR = "stackbox.micro";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REPORT_PREFIX = "GUEST ";

    static final String SETUP = """
            say() { echo "GUEST $*"; }
            cat > /etc/udhcpc.script <<'EOF'
            #!/bin/sh
            case "$1" in
              bound|renew)
                ip addr flush dev "$interface"
                ip addr add "$ip/$mask" dev "$interface"
                [ -n "$mtu" ] && ip link set dev "$interface" mtu "$mtu"
                set -- $staticroutes
                while [ $# -ge 2 ]; do ip route add "$1" via "$2" dev "$interface" 2>/dev/null; shift 2; done
                [ -z "$staticroutes" ] && [ -n "$router" ] && ip route add default via "${router%% *}" dev "$interface"
                echo "GUEST lease $interface ip=$ip/$mask router=$router dns=$dns mtu=$mtu routes=$staticroutes" \\
                  >/dev/console
                ;;
            esac
            exit 0
            EOF
            chmod +x /etc/udhcpc.script
            cat > /bin/hello <<'EOF'
            #!/bin/sh
            echo "hello-from-$(ip -4 -o addr show dev eth0 | awk '{print $4}' | cut -d/ -f1)"
            EOF
            chmod +x /bin/hello
            mount_config_drive() {
              mkdir -p /mnt/config
              tries=0
              while [ ! -f /mnt/config/openstack/latest/meta_data.json ] && [ $tries -lt 100 ]; do
                for device in /dev/sr0 /dev/sr1; do
                  [ -b "$device" ] && mount -t iso9660 -o ro "$device" /mnt/config 2>/dev/null && break
                done
                [ -f /mnt/config/openstack/latest/meta_data.json ] || { sleep 0.2; tries=$((tries + 1)); }
              done
            }
            """;

    private BridgedGuests() {}

    /** A server of {@code imageId} with one card ({@code --nic}) and user data, once it is ACTIVE. */
    static String createServer(CloudUnderTest cloud, Map<String, String> admin, String imageId, String name,
                               String nic, String userData) throws Exception {
        Path file = Files.writeString(cloud.home().resolve(name + ".user-data"), userData);
        String id = JSON.readTree(cloud.run(admin, "openstack", "server", "create", "--image", imageId, "--flavor",
                FLAVOR, "--nic", nic, "--user-data", file.toString(), "-f", "json", name).requireSuccess().stdout())
                .path("id").asText();
        cloud.awaitStatus(id, "ACTIVE", Duration.ofSeconds(120));
        return id;
    }

    static String networkId(CloudUnderTest cloud, Map<String, String> admin, String name) throws Exception {
        return cloud.run(admin, "openstack", "network", "show", name, "-f", "value", "-c", "id").requireSuccess()
                .stdout().strip();
    }

    /** The guest's reports in a console log, without their prefix. */
    static List<String> reports(String consoleLog) {
        return consoleLog.lines().map(line -> line.replace("\r", "").strip())
                .filter(line -> line.startsWith(REPORT_PREFIX)).map(line -> line.substring(REPORT_PREFIX.length()))
                .toList();
    }
}
