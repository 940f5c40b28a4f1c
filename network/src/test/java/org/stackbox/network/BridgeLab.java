package org.stackbox.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * A namespace with a Linux bridge (what the bridged network mode's namespace has) and, for each guest, a namespace
 * of its own joined to the bridge by a veth pair: the guest's end is {@code eth0} with the port's MAC and address,
 * the bridge's end stands for the guest's tap. Everything stays inside namespaces made here; {@link #close} deletes
 * them (and so every device and listener in them).
 */
final class BridgeLab implements AutoCloseable {
    static final String BRIDGE = "br-lab";

    final String hub;
    private final String prefix;
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> listeners = new ArrayList<>();

    BridgeLab() throws Exception {
        this.prefix = "sbfw" + UUID.randomUUID().toString().substring(0, 6);
        this.hub = prefix + "-hub";
        namespace(hub);
        run("ip", "-n", hub, "link", "add", BRIDGE, "type", "bridge");
        run("ip", "-n", hub, "link", "set", BRIDGE, "up");
    }

    /** A guest namespace whose eth0 has {@code mac} and {@code address}/24; answers the bridge end's name. */
    String guest(String name, String mac, String address) throws Exception {
        String namespace = guestNamespace(name);
        namespace(namespace);
        String device = "t-" + name;
        run("ip", "-n", hub, "link", "add", device, "type", "veth", "peer", "name", "eth0", "netns", namespace);
        run("ip", "-n", hub, "link", "set", device, "master", BRIDGE, "up");
        run("ip", "-n", namespace, "link", "set", "eth0", "address", mac);
        run("ip", "-n", namespace, "addr", "add", address + "/24", "dev", "eth0");
        run("ip", "-n", namespace, "link", "set", "eth0", "up");
        run("ip", "-n", namespace, "link", "set", "lo", "up");
        return device;
    }

    String guestNamespace(String name) {
        return prefix + "-" + name;
    }

    /** A TCP service on {@code port} in the guest that answers every connection with "hello". */
    void listen(String guest, int port) throws Exception {
        listeners.add(new ProcessBuilder("ip", "netns", "exec", guestNamespace(guest), "socat",
                "TCP-LISTEN:" + port + ",fork,reuseaddr", "SYSTEM:echo hello").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!output("ip", "netns", "exec", guestNamespace(guest), "ss", "-Hltn", "sport = :" + port).contains(":" + port)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("socat did not listen on " + port);
            }
            Thread.sleep(20);
        }
    }

    /**
     * Whether a new TCP connection from {@code guest} to {@code address:port} is made within 2 s and gets the
     * service's answer (a loaded machine may take a while to fork the answering shell).
     */
    boolean connects(String guest, String address, int port) throws Exception {
        String answer = output("ip", "netns", "exec", guestNamespace(guest), "timeout", "8", "socat", "-T", "6", "-",
                "TCP:" + address + ":" + port + ",connect-timeout=2");
        return answer.contains("hello");
    }

    void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    static String output(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(30, TimeUnit.SECONDS);
        return output;
    }

    private void namespace(String name) throws Exception {
        run("ip", "netns", "add", requireNonNull(name, "name is null"));
        namespaces.add(name);
    }

    @Override
    public void close() throws Exception {
        for (Process listener : listeners) {
            listener.descendants().forEach(ProcessHandle::destroy);
            listener.destroy();
            listener.waitFor(5, TimeUnit.SECONDS);
        }
        for (String namespace : namespaces) {
            run("ip", "netns", "del", namespace);
        }
    }
}
