package org.stackbox.network;

import org.stackbox.common.auth.Caller;
import org.stackbox.common.Ids;
import org.stackbox.common.net.Ipv4Address;
import org.stackbox.network.bridge.PortLinks;
import org.stackbox.network.NetworkCommands.NewPort;
import org.stackbox.network.NetworkCommands.PortChanges;
import org.stackbox.network.NetworkCommands.RequestedDhcpOption;
import org.stackbox.network.NetworkCommands.RequestedIp;
import org.stackbox.network.NetworkCommands.SecurityRequest;
import org.stackbox.network.model.DhcpOption;
import org.stackbox.network.model.FixedIp;
import org.stackbox.network.model.Network;
import org.stackbox.network.model.Port;
import org.stackbox.network.model.PortForward;
import org.stackbox.network.model.PortSecurity;
import org.stackbox.network.model.Subnet;
import org.stackbox.network.spi.Devices;
import org.stackbox.network.spi.NeutronException;
import org.stackbox.network.spi.NeutronFault;
import org.stackbox.network.store.DuplicateKeyException;
import org.stackbox.network.store.PortRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Ports, with Neutron's rules and messages: a MAC address unique on its network, fixed IPs from the subnets' pools
 * (the lowest free address) or as asked, and the forwards of ports that servers use. A port a server uses changes only
 * through the compute service ({@code openstack server remove port}), since its card is built from it.
 */
public final class PortService {
    private static final int ATTEMPTS = 8;
    /** The owners whose ports only their router or floating IP deletes, as Neutron's L3 service keeps them. */
    private static final Set<String> SERVICE_OWNERS = Set.of(org.stackbox.network.model.Router.INTERFACE_OWNER,
            org.stackbox.network.model.Router.GATEWAY_OWNER, org.stackbox.network.model.FloatingIp.PORT_OWNER);

    private final NetworkService networks;
    private final PortRepository ports;
    private final HostPorts hostPorts;
    private final Devices devices;
    private final PortSecurityRules security;
    private final TftpRoots tftpRoots;
    private final Clock clock;
    /**
     * Allocations on one network take turns in this process, so that concurrent requests do not all choose the same
     * lowest free address and retry in step; between processes sharing a database, the retries settle it.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Object> networkLocks =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final Optional<PortLinks> links;

    /** {@code links}: on bridged networks, which ports' taps are up, for their status. */
    public PortService(NetworkService networks, PortRepository ports, SecurityGroupService securityGroups,
                       NetworkConfig config, Devices devices, TftpRoots tftpRoots, Clock clock,
                       Optional<PortLinks> links) {
        this.links = requireNonNull(links, "links is null");
        this.tftpRoots = requireNonNull(tftpRoots, "tftpRoots is null");
        this.networks = requireNonNull(networks, "networks is null");
        this.ports = requireNonNull(ports, "ports is null");
        this.devices = requireNonNull(devices, "devices is null");
        this.hostPorts = new HostPorts(requireNonNull(config, "config is null"));
        this.security = new PortSecurityRules(securityGroups);
        this.clock = requireNonNull(clock, "clock is null");
    }

    public Port createPort(Caller caller, NewPort request) {
        Network network = networks.getNetwork(caller, request.networkId());
        String projectId = Access.projectFor(caller, request.projectId());
        requireMayBind(caller, "create_port", network, projectId, request.deviceId(), request.deviceOwner());
        Port port = allocate(caller, network, projectId, request.name(), request.description(),
                request.adminStateUp(), request.macAddress(), request.fixedIps(), request.deviceId(),
                request.deviceOwner(), 0, false, Optional.empty(), request.security());
        networks.changed(network.id());
        return port;
    }

    /**
     * Neutron's status of the port: on a bridged network a server's port is {@code ACTIVE} while its tap is up (its
     * guest's QEMU holds it) and {@code DOWN} otherwise, as Neutron's agents report it; other ports as the model says.
     */
    public String status(Port port) {
        if (links.isPresent() && port.usedByServer()) {
            return port.adminStateUp() && links.get().isUp(port.id()) ? "ACTIVE" : "DOWN";
        }
        return port.status();
    }

    /** A port with extra DHCP options: made, then given them; refused options leave no port behind. */
    public Port createPort(Caller caller, NewPort request, List<RequestedDhcpOption> dhcpOptions) {
        dhcpOptions.stream().filter(option -> option.name().equals(DhcpOption.BOOT_FILE))
                .forEach(option -> option.value().ifPresent(TftpRoots::requireSafeName));
        Port port = createPort(caller, request);
        if (dhcpOptions.isEmpty()) {
            return port;
        }
        try {
            return changeDhcpOptions(caller, port.id(), dhcpOptions);
        } catch (RuntimeException e) {
            ports.delete(port.id());
            throw e;
        }
    }

    public List<Port> listPorts(Caller caller) {
        return ports.listVisible(Access.listingScope(caller));
    }

    /** The port if the caller's project owns it or its network; 404 PortNotFound otherwise. */
    public Port getPort(Caller caller, String portId) {
        Optional<Port> port = ports.findById(portId);
        if (port.isEmpty() || !(Access.owns(caller, port.get().projectId())
                || networkOwnedBy(caller, port.get().networkId()))) {
            throw NeutronException.portNotFound(portId);
        }
        return port.get();
    }

    /**
     * Changes the port's extra DHCP options as Neutron's {@code extra_dhcp_opt} extension does: an option of a name
     * and IP version the port has is replaced, or removed when given without a value; others are added. A
     * {@code bootfile-name} must name a file inside the TFTP directory of the port's subnet ({@link TftpRoots}); 400
     * otherwise, and nothing changes. A server using the port gets the change when it is next powered on.
     */
    public Port changeDhcpOptions(Caller caller, String portId, List<RequestedDhcpOption> changes) {
        Port port = getPort(caller, portId);
        List<DhcpOption> options = new ArrayList<>(port.dhcpOptions());
        for (RequestedDhcpOption change : changes) {
            int position = -1;
            for (int index = 0; index < options.size(); index++) {
                DhcpOption option = options.get(index);
                if (option.name().equals(change.name()) && option.ipVersion() == change.ipVersion()) {
                    position = index;
                }
            }
            if (change.value().isEmpty()) {
                if (position >= 0) {
                    options.remove(position);
                }
                continue;
            }
            DhcpOption changed = new DhcpOption(change.name(), change.value().get(), change.ipVersion());
            if (position >= 0) {
                options.set(position, changed);
            } else {
                options.add(changed);
            }
        }
        Port changedPort = port.withDhcpOptions(options);
        changedPort.bootFile().ifPresent(bootFile -> {
            TftpRoots.requireSafeName(bootFile);
            port.fixedIps().stream().findFirst().filter(fixedIp -> !TftpRoots.isUrl(bootFile))
                    .ifPresent(fixedIp -> tftpRoots.requireInside(fixedIp.subnetId(), bootFile));
        });
        ports.replaceDhcpOptions(portId, options);
        Port current = ports.findById(portId).orElseThrow();
        ports.update(current.updated(current.name(), current.description(), current.adminStateUp(),
                current.deviceId(), current.deviceOwner(), clock.instant()));
        return ports.findById(portId).orElseThrow();
    }

    public Port updatePort(Caller caller, String portId, PortChanges changes) {
        Port port = getPort(caller, portId);
        boolean deviceChanges = changes.deviceId().filter(id -> !id.equals(port.deviceId())).isPresent()
                || changes.deviceOwner().filter(owner -> !owner.equals(port.deviceOwner())).isPresent();
        if (port.usedByServer() && (changes.fixedIps().isPresent() || deviceChanges)) {
            throw inUse(port);
        }
        if (deviceChanges) {
            requireMayBind(caller, "update_port", networks.getNetwork(caller, port.networkId()), port.projectId(),
                    changes.deviceId().orElse(port.deviceId()), changes.deviceOwner().orElse(port.deviceOwner()));
        }
        if (changes.fixedIps().isPresent()) {
            Network network = networks.getNetwork(caller, port.networkId());
            Set<FixedIp> kept = new HashSet<>(port.fixedIps());
            List<FixedIp> fixedIps = resolveFixedIps(network, Optional.of(changes.fixedIps().get()), kept);
            try {
                ports.replaceFixedIps(portId, fixedIps, clock.instant());
            } catch (DuplicateKeyException e) {
                throw alreadyAllocated(fixedIps.get(0));
            }
        }
        Optional<PortSecurity> newSecurity = security.forUpdate(caller, ports.findById(portId).orElseThrow(),
                changes.security());
        newSecurity.ifPresent(chosen -> ports.replaceSecurity(portId, chosen, clock.instant()));
        Port current = ports.findById(portId).orElseThrow();
        Port updated = current.updated(changes.name().orElse(current.name()),
                changes.description().orElse(current.description()),
                changes.adminStateUp().orElse(current.adminStateUp()), changes.deviceId().orElse(current.deviceId()),
                changes.deviceOwner().orElse(current.deviceOwner()), clock.instant());
        ports.update(updated);
        networks.changed(port.networkId());
        return ports.findById(portId).orElseThrow();
    }

    /**
     * Neutron's {@code device_owner} rules: only an administrator or the network's owner may give a port a
     * {@code network:} owner, and a port may be bound to a server ({@code compute:}) only by the server's own project
     * (or an administrator), so that no project can plant a port on another's server.
     */
    private void requireMayBind(Caller caller, String action, Network network, String projectId, String deviceId,
                                String deviceOwner) {
        if (caller.isAdmin() || deviceOwner.isEmpty()) {
            return;
        }
        boolean allowed = deviceOwner.startsWith("network:") ? Access.owns(caller, network.projectId())
                : !deviceOwner.startsWith("compute:") || deviceId.isEmpty() || devices.ownedBy(deviceId, projectId);
        if (!allowed) {
            throw NeutronException.policy(action + ":device_owner");
        }
    }

    public void deletePort(Caller caller, String portId) {
        Port port = getPort(caller, portId);
        if (port.usedByServer()) {
            throw inUse(port);
        }
        if (SERVICE_OWNERS.contains(port.deviceOwner())) {
            throw new NeutronException(NeutronFault.SERVICE_PORT_IN_USE, ("Port %s cannot be deleted directly via "
                    + "the port API: has device owner %s.").formatted(portId, port.deviceOwner()), portId);
        }
        ports.delete(portId);
        networks.changed(port.networkId());
    }

    /**
     * The network's DHCP port ({@code network:dhcp}, bound to {@code deviceId}) with one address on each of
     * {@code dhcpSubnets}, made or readdressed as needed, as Neutron's DHCP agent keeps its port; none (and a former
     * one deleted) when no subnet has DHCP. Changes here are the data plane's own and tell no listener.
     */
    public Optional<Port> ensureDhcpPort(Network network, List<Subnet> dhcpSubnets, String deviceId) {
        synchronized (networkLocks.computeIfAbsent(network.id(), id -> new Object())) {
            List<Port> existing = ports.forNetwork(network.id()).stream().filter(Port::isDhcp).toList();
            Optional<Port> kept = existing.stream().filter(port -> port.deviceId().equals(deviceId)).findFirst();
            existing.stream().filter(port -> kept.isEmpty() || !port.id().equals(kept.get().id()))
                    .forEach(port -> ports.delete(port.id()));
            if (dhcpSubnets.isEmpty()) {
                kept.ifPresent(port -> ports.delete(port.id()));
                return Optional.empty();
            }
            List<RequestedIp> wanted = dhcpSubnets.stream().map(subnet -> new RequestedIp(Optional.of(subnet.id()),
                    kept.flatMap(port -> port.fixedIps().stream().filter(ip -> ip.subnetId().equals(subnet.id()))
                            .map(FixedIp::address).findFirst()))).toList();
            if (kept.isEmpty()) {
                return Optional.of(allocateOnce(network, network.projectId(), "", "", true, Optional.empty(),
                        Optional.of(wanted), deviceId, Port.DHCP_OWNER, 0, false, Optional.empty(),
                        (mac, hasIp) -> new PortSecurity(true, List.of(), List.of())));
            }
            Set<String> wantedSubnets = new HashSet<>();
            dhcpSubnets.forEach(subnet -> wantedSubnets.add(subnet.id()));
            Set<String> heldSubnets = new HashSet<>();
            kept.get().fixedIps().forEach(ip -> heldSubnets.add(ip.subnetId()));
            if (!wantedSubnets.equals(heldSubnets)) {
                List<FixedIp> fixedIps = resolveFixedIps(network, Optional.of(wanted),
                        new HashSet<>(kept.get().fixedIps()));
                ports.replaceFixedIps(kept.get().id(), fixedIps, clock.instant());
            }
            return ports.findById(kept.get().id());
        }
    }

    // ---- for routers and floating IPs -----------------------------------------------------------------------------

    /**
     * A port a router or floating IP owns ({@code deviceOwner}), with {@code fixedIps} exactly (a router interface
     * holds its subnet's gateway address, which no pool hands out); 409 if another port holds one of them.
     */
    Port insertOwnedPort(Network network, String projectId, List<FixedIp> fixedIps, String deviceId,
                         String deviceOwner) {
        synchronized (networkLocks.computeIfAbsent(network.id(), id -> new Object())) {
            for (FixedIp fixedIp : fixedIps) {
                if (ports.usedAddresses(fixedIp.subnetId()).contains(fixedIp.address())) {
                    throw alreadyAllocated(fixedIp);
                }
            }
            Instant now = clock.instant();
            Port port = new Port(Ids.uuid(), network.id(), projectId, "", "", MacAddresses.random(), true, deviceId,
                    deviceOwner, 0, false, fixedIps, List.of(), new PortSecurity(true, List.of(), List.of()),
                    List.of(), 1, now, now);
            try {
                ports.insert(port);
            } catch (DuplicateKeyException e) {
                throw alreadyAllocated(fixedIps.get(0));
            }
            networks.changed(network.id());
            return port;
        }
    }

    /** A port a router's gateway or a floating IP owns, with addresses from the pools (or as asked). */
    Port allocateOwnedPort(Network network, String projectId, Optional<List<RequestedIp>> requestedIps,
                           String deviceId, String deviceOwner) {
        Port port;
        synchronized (networkLocks.computeIfAbsent(network.id(), id -> new Object())) {
            port = allocateOnce(network, projectId, "", "", true, Optional.empty(), requestedIps, deviceId,
                    deviceOwner, 0, false, Optional.empty(), (mac, hasIp) -> new PortSecurity(true, List.of(), List.of()));
        }
        networks.changed(network.id());
        return port;
    }

    /** Hands a port the user made to a router as its interface. */
    Port giveToRouter(Port port, String routerId) {
        ports.update(port.updated(port.name(), port.description(), port.adminStateUp(), routerId,
                org.stackbox.network.model.Router.INTERFACE_OWNER, clock.instant()));
        networks.changed(port.networkId());
        return ports.findById(port.id()).orElseThrow();
    }

    /** Deletes a port that a router or floating IP owned, once its owner is done with it. */
    void deleteOwnedPort(Port port) {
        ports.delete(port.id());
        networks.changed(port.networkId());
    }

    // ---- for the compute service ---------------------------------------------------------------------------------

    /**
     * A new port on the network, bound to a device, with an SSH forward when {@code sshForward}. Retries with
     * another address, MAC address and host port when a concurrent request took them first.
     */
    Port allocate(Caller caller, Network network, String projectId, String name, String description,
                  boolean adminStateUp, Optional<String> macAddress, Optional<List<RequestedIp>> requestedIps,
                  String deviceId, String deviceOwner, int deviceIndex, boolean preserveOnDelete,
                  Optional<Integer> sshForward, SecurityRequest securityRequest) {
        synchronized (networkLocks.computeIfAbsent(network.id(), id -> new Object())) {
            return allocateOnce(network, projectId, name, description, adminStateUp, macAddress, requestedIps,
                    deviceId, deviceOwner, deviceIndex, preserveOnDelete, sshForward, (mac, hasIp) ->
                            security.forNewPort(caller, projectId, deviceOwner, mac, hasIp, securityRequest));
        }
    }

    /** What a new port lets through, decided once its MAC address and addresses are known. */
    private interface NewPortSecurity {
        PortSecurity of(String macAddress, boolean hasIp);
    }

    private Port allocateOnce(Network network, String projectId, String name, String description,
                              boolean adminStateUp, Optional<String> macAddress,
                              Optional<List<RequestedIp>> requestedIps, String deviceId, String deviceOwner,
                              int deviceIndex, boolean preserveOnDelete, Optional<Integer> sshForward,
                              NewPortSecurity newPortSecurity) {
        for (int attempt = 1; ; attempt++) {
            macAddress.ifPresent(mac -> requireFreeMac(network, mac));
            List<FixedIp> fixedIps = resolveFixedIps(network, requestedIps, Set.of());
            String portId = Ids.uuid();
            List<PortForward> forwards = sshForward.map(guestPort -> List.of(forward(portId, guestPort)))
                    .orElse(List.of());
            Instant now = clock.instant();
            String mac = macAddress.orElseGet(MacAddresses::random);
            PortSecurity portSecurity = newPortSecurity.of(mac, !fixedIps.isEmpty());
            Port port = new Port(portId, network.id(), projectId, name, description, mac, adminStateUp, deviceId,
                    deviceOwner, deviceIndex, preserveOnDelete, fixedIps, forwards, portSecurity, List.of(), 1, now,
                    now);
            try {
                ports.insert(port);
                return port;
            } catch (DuplicateKeyException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                // Another request took an address, MAC address or host port meanwhile: choose again.
            }
        }
    }

    /** Binds a port the user made to a device; false if another request bound it first. */
    boolean bind(Port port, String deviceId, String deviceOwner, int deviceIndex, Optional<Integer> sshForward) {
        List<PortForward> forwards = sshForward.map(guestPort -> List.of(forward(port.id(), guestPort)))
                .orElse(List.of());
        try {
            return ports.bind(port.bound(deviceId, deviceOwner, deviceIndex, true, clock.instant()), forwards);
        } catch (DuplicateKeyException e) {
            return ports.bind(port.bound(deviceId, deviceOwner, deviceIndex, true, clock.instant()), List.of());
        }
    }

    void addForward(Port port, int guestPort) {
        ports.addForwards(List.of(forward(port.id(), guestPort)));
    }

    void release(Port port) {
        if (port.preserveOnDelete()) {
            ports.unbind(port.id(), clock.instant());
        } else {
            ports.delete(port.id());
        }
    }

    List<Port> forDevice(String deviceId) {
        return ports.forDevice(deviceId);
    }

    Optional<Port> find(String portId) {
        return ports.findById(portId);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private PortForward forward(String portId, int guestPort) {
        return new PortForward(portId, "tcp", hostPorts.address(), hostPorts.choose(ports.usedHostPorts("tcp")),
                guestPort);
    }

    /**
     * The fixed IPs for a port: the requested ones (each an address, a subnet, or both), or the lowest free address
     * of the first subnet that has one. {@code kept} are addresses the port holds already.
     */
    private List<FixedIp> resolveFixedIps(Network network, Optional<List<RequestedIp>> requested, Set<FixedIp> kept) {
        List<Subnet> subnets = networks.subnetsOf(network.id());
        List<FixedIp> fixedIps = new ArrayList<>();
        if (requested.isEmpty()) {
            if (subnets.isEmpty()) {
                return fixedIps;
            }
            for (Subnet subnet : subnets) {
                Optional<Ipv4Address> free = Ipam.firstFree(subnet.allocationPools(), ports.usedAddresses(subnet.id()));
                if (free.isPresent()) {
                    fixedIps.add(new FixedIp(subnet.id(), free.get()));
                    return fixedIps;
                }
            }
            throw new NeutronException(NeutronFault.IP_ADDRESS_GENERATION_FAILURE,
                    "No more IP addresses available on network %s.".formatted(network.id()), network.id());
        }
        for (RequestedIp wanted : requested.get()) {
            Subnet subnet;
            if (wanted.subnetId().isPresent()) {
                subnet = subnets.stream().filter(s -> s.id().equals(wanted.subnetId().get())).findFirst()
                        // Neutron's _get_subnet_for_fixed_ip: a subnet that does not exist is SubnetNotFound (404),
                        // one of another network is InvalidInput (400).
                        .orElseThrow(() -> networks.subnetExists(wanted.subnetId().get())
                                ? NeutronException.invalidInput("Failed to create port on network %s, because fixed_ips "
                                        + "included invalid subnet %s", network.id(), wanted.subnetId().get())
                                : NeutronException.subnetNotFound(wanted.subnetId().get()));
            } else {
                Ipv4Address address = wanted.address().orElseThrow(() ->
                        NeutronException.invalidInput("a fixed IP needs a subnet_id or an ip_address"));
                subnet = subnets.stream().filter(s -> s.cidr().contains(address)).findFirst()
                        .orElseThrow(() -> new NeutronException(NeutronFault.INVALID_IP_FOR_NETWORK,
                                ("IP address %s is not a valid IP for any of the subnets on the specified network.")
                                        .formatted(address)));
            }
            if (wanted.address().isPresent()) {
                Ipv4Address address = wanted.address().get();
                if (!Ipam.isValidFor(subnet, address)) {
                    throw new NeutronException(NeutronFault.INVALID_IP_FOR_SUBNET,
                            "IP address %s is not a valid IP for the specified subnet.".formatted(address));
                }
                FixedIp fixedIp = new FixedIp(subnet.id(), address);
                if (!kept.contains(fixedIp) && ports.usedAddresses(subnet.id()).contains(address)) {
                    throw alreadyAllocated(fixedIp);
                }
                fixedIps.add(fixedIp);
            } else {
                Set<Ipv4Address> used = new HashSet<>(ports.usedAddresses(subnet.id()));
                fixedIps.stream().filter(ip -> ip.subnetId().equals(subnet.id())).forEach(ip -> used.add(ip.address()));
                Ipv4Address free = Ipam.firstFree(subnet.allocationPools(), used).orElseThrow(() ->
                        new NeutronException(NeutronFault.IP_ADDRESS_GENERATION_FAILURE,
                                "No more IP addresses available on network %s.".formatted(network.id()), network.id()));
                fixedIps.add(new FixedIp(subnet.id(), free));
            }
        }
        if (new HashSet<>(fixedIps).size() != fixedIps.size()) {
            throw NeutronException.invalidInput("Duplicate IP address in fixed_ips");
        }
        return fixedIps;
    }

    private void requireFreeMac(Network network, String macAddress) {
        if (ports.forNetwork(network.id()).stream().anyMatch(port -> port.macAddress().equals(macAddress))) {
            throw new NeutronException(NeutronFault.MAC_ADDRESS_IN_USE, ("Unable to complete operation for network "
                    + "%s. The mac address %s is in use.").formatted(network.id(), macAddress));
        }
    }

    private boolean networkOwnedBy(Caller caller, String networkId) {
        try {
            return Access.owns(caller, networks.getNetwork(caller, networkId).projectId());
        } catch (NeutronException e) {
            return false;
        }
    }

    private static NeutronException alreadyAllocated(FixedIp fixedIp) {
        return new NeutronException(NeutronFault.IP_ADDRESS_ALREADY_ALLOCATED,
                "IP address %s already allocated in subnet %s".formatted(fixedIp.address(), fixedIp.subnetId()),
                fixedIp.address().toString());
    }

    static NeutronException inUse(Port port) {
        return new NeutronException(NeutronFault.PORT_IN_USE, ("Unable to complete operation on port %s for network "
                + "%s. Port already has an attached device %s.").formatted(port.id(), port.networkId(),
                port.deviceId()), port.id());
    }
}
