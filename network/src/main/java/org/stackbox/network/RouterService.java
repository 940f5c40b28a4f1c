package org.stackbox.network;

import org.stackbox.common.Ids;
import org.stackbox.common.auth.Caller;
import org.stackbox.common.net.Ipv4Address;
import org.stackbox.common.net.Ipv4Cidr;
import org.stackbox.network.RouterCommands.GatewayRequest;
import org.stackbox.network.RouterCommands.InterfaceRequest;
import org.stackbox.network.RouterCommands.NewRouter;
import org.stackbox.network.RouterCommands.RouterChanges;
import org.stackbox.network.RouterCommands.RouterInterface;
import org.stackbox.network.model.FixedIp;
import org.stackbox.network.model.FloatingIp;
import org.stackbox.network.model.HostRoute;
import org.stackbox.network.model.Network;
import org.stackbox.network.model.Port;
import org.stackbox.network.model.Router;
import org.stackbox.network.model.Subnet;
import org.stackbox.network.spi.NeutronException;
import org.stackbox.network.spi.NeutronFault;
import org.stackbox.network.store.FloatingIpRepository;
import org.stackbox.network.store.PortRepository;
import org.stackbox.network.store.RouterRepository;
import org.stackbox.network.store.SubnetRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static java.util.Objects.requireNonNull;

/**
 * Routers with Neutron's rules and messages (neutron/db/l3_db.py): a router joins the subnets of its interfaces, each
 * a port holding its subnet's gateway address ({@code network:router_interface}), and reaches one external network
 * through a gateway port there ({@code network:router_gateway}). Subnets on one router may not overlap; a router
 * with interfaces is not deleted (409 RouterInUse); another project's router is not found. A router's extra routes
 * ({@code extraroute}, neutron/db/extraroute_db.py) follow {@link ExtraRoutes}; an interface whose subnet a route's
 * nexthop is on is not removed (409 RouterInterfaceInUseByRoute). Updates of a router and removals of interfaces are
 * made one at a time, so that {@code add_extraroutes} and {@code remove_extraroutes} are atomic as Neutron's
 * transactions make them, and no route is added through an interface being removed.
 */
public final class RouterService {
    private final RouterRepository routers;
    private final FloatingIpRepository floatingIps;
    private final NetworkService networks;
    private final PortService portService;
    private final PortRepository ports;
    private final SubnetRepository subnets;
    private final Clock clock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    /** Held while a router's record is rewritten, or an interface its routes may need is removed. */
    private final Object routerChanges = new Object();

    public RouterService(RouterRepository routers, FloatingIpRepository floatingIps, NetworkService networks,
                         PortService portService, PortRepository ports, SubnetRepository subnets, Clock clock) {
        this.routers = requireNonNull(routers, "routers is null");
        this.floatingIps = requireNonNull(floatingIps, "floatingIps is null");
        this.networks = requireNonNull(networks, "networks is null");
        this.portService = requireNonNull(portService, "portService is null");
        this.ports = requireNonNull(ports, "ports is null");
        this.subnets = requireNonNull(subnets, "subnets is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** {@code listener} hears of every change to a router, its interfaces, its gateway or a floating IP. */
    public void addListener(Runnable listener) {
        listeners.add(requireNonNull(listener, "listener is null"));
    }

    void changed() {
        listeners.forEach(Runnable::run);
    }

    public Router createRouter(Caller caller, NewRouter request) {
        String projectId = Access.projectFor(caller, request.projectId());
        Instant now = clock.instant();
        Router router = new Router(Ids.uuid(), projectId, request.name(), request.description(),
                request.adminStateUp(), Optional.empty(), List.of(), 1, now, now);
        Optional<Network> external = request.gateway().map(gateway -> externalNetwork(caller, gateway,
                "create_router"));
        routers.insert(router);
        if (request.gateway().isEmpty()) {
            changed();
            return router;
        }
        try {
            return setGateway(caller, router, request.gateway().get(), external.orElseThrow(), now);
        } catch (RuntimeException e) {
            routers.delete(router.id());
            throw e;
        }
    }

    public List<Router> listRouters(Caller caller) {
        return routers.list(Access.listingScope(caller));
    }

    public Router getRouter(Caller caller, String routerId) {
        return routers.findById(routerId).filter(router -> Access.owns(caller, router.projectId()))
                .orElseThrow(() -> new NeutronException(NeutronFault.ROUTER_NOT_FOUND,
                        "Router %s could not be found".formatted(routerId), routerId));
    }

    /** Every router, whoever owns it: for the data plane. */
    public List<Router> allRouters() {
        return routers.list(Optional.empty());
    }

    public Router updateRouter(Caller caller, String routerId, RouterChanges changes) {
        synchronized (routerChanges) {
            return applyChanges(caller, routerId, changes);
        }
    }

    /** {@code add_extraroutes}: the router gets {@code added} besides its routes (one it has already is kept once). */
    public Router addExtraRoutes(Caller caller, String routerId, List<HostRoute> added) {
        synchronized (routerChanges) {
            Router router = getRouter(caller, routerId);
            return saveRoutes(router, ExtraRoutes.add(router.routes(), ExtraRoutes.canonical(added)));
        }
    }

    /** {@code remove_extraroutes}: the router loses {@code removed}; one it does not have is no error. */
    public Router removeExtraRoutes(Caller caller, String routerId, List<HostRoute> removed) {
        synchronized (routerChanges) {
            Router router = getRouter(caller, routerId);
            return saveRoutes(router, ExtraRoutes.remove(router.routes(), ExtraRoutes.canonical(removed)));
        }
    }

    private Router saveRoutes(Router router, List<HostRoute> routes) {
        requireRoutable(router, routes);
        Router routed = router.withRoutes(routes, clock.instant());
        routers.update(routed);
        changed();
        return routed;
    }

    /** The routes may be the router's: each nexthop on a subnet of its ports and not its own, and not too many. */
    private void requireRoutable(Router router, List<HostRoute> routes) {
        List<Ipv4Cidr> joined = new ArrayList<>();
        Set<Ipv4Address> addresses = new HashSet<>();
        for (Port port : ports.forDevice(router.id())) {
            for (FixedIp fixedIp : port.fixedIps()) {
                subnets.findById(fixedIp.subnetId()).ifPresent(subnet -> joined.add(subnet.cidr()));
                addresses.add(fixedIp.address());
            }
        }
        ExtraRoutes.requireReachable(routes, joined, addresses);
        ExtraRoutes.requireWithinLimit(router.id(), routes);
    }

    private Router applyChanges(Caller caller, String routerId, RouterChanges changes) {
        Router router = getRouter(caller, routerId);
        Instant now = clock.instant();
        List<HostRoute> routes = changes.routes().map(ExtraRoutes::validated).orElse(router.routes());
        if (changes.routes().isPresent()) {
            requireRoutable(router, routes);
        }
        Router renamed = router.updated(changes.name().orElse(router.name()),
                changes.description().orElse(router.description()),
                changes.adminStateUp().orElse(router.adminStateUp()), router.gateway(), routes, now);
        if (changes.gateway().isEmpty()) {
            routers.update(renamed);
            changed();
            return renamed;
        }
        Optional<GatewayRequest> wanted = changes.gateway().get();
        if (wanted.isEmpty()) {
            requireGatewayUnused(router);
            gatewayPort(routerId).ifPresent(portService::deleteOwnedPort);
            Router cleared = renamed.updated(renamed.name(), renamed.description(), renamed.adminStateUp(),
                    Optional.empty(), now);
            routers.update(cleared);
            changed();
            return cleared;
        }
        Network external = externalNetwork(caller, wanted.get(), "update_router");
        boolean sameNetwork = router.gateway().map(Router.Gateway::networkId).filter(external.id()::equals).isPresent();
        if (sameNetwork && wanted.get().externalFixedIps().isEmpty()) {
            Router snat = renamed.updated(renamed.name(), renamed.description(), renamed.adminStateUp(),
                    Optional.of(new Router.Gateway(external.id(),
                            wanted.get().enableSnat().orElse(router.gateway().get().enableSnat()))), now);
            routers.update(snat);
            changed();
            return snat;
        }
        if (!sameNetwork) {
            requireGatewayUnused(router);
        }
        gatewayPort(routerId).ifPresent(portService::deleteOwnedPort);
        routers.update(renamed);
        return setGateway(caller, renamed, wanted.get(), external, now);
    }

    /** Deletes the router and its gateway port; 409 RouterInUse while it has interfaces. */
    public void deleteRouter(Caller caller, String routerId) {
        Router router = getRouter(caller, routerId);
        if (!interfacesOf(routerId).isEmpty()) {
            throw new NeutronException(NeutronFault.ROUTER_IN_USE,
                    "Router %s still has ports".formatted(routerId), routerId);
        }
        gatewayPort(router.id()).ifPresent(portService::deleteOwnedPort);
        routers.delete(routerId);
        changed();
    }

    // ---- interfaces ----------------------------------------------------------------------------------------------

    public RouterInterface addInterface(Caller caller, String routerId, InterfaceRequest request) {
        Router router = getRouter(caller, routerId);
        requireOneOf(request);
        if (request.subnetId().isPresent() && request.portId().isPresent()) {
            throw badRouterRequest("Cannot specify both subnet-id and port-id");
        }
        Port port;
        if (request.portId().isPresent()) {
            Port given = portService.getPort(caller, request.portId().get());
            if (given.isBound()) {
                throw PortService.inUse(given);
            }
            if (given.fixedIps().isEmpty()) {
                throw badRouterRequest("Router port must have at least one fixed IP");
            }
            for (FixedIp fixedIp : given.fixedIps()) {
                requireJoinable(router, subnets.findById(fixedIp.subnetId()).orElseThrow());
            }
            port = portService.giveToRouter(given, routerId);
        } else {
            Subnet subnet = networks.getSubnet(caller, request.subnetId().get());
            if (subnet.gateway() == null) {
                throw badRouterRequest("Subnet for router interface must have a gateway IP");
            }
            requireJoinable(router, subnet);
            Network network = networks.getNetwork(caller, subnet.networkId());
            port = portService.insertOwnedPort(network, router.projectId(),
                    List.of(new FixedIp(subnet.id(), subnet.gateway())), routerId, Router.INTERFACE_OWNER);
        }
        changed();
        return new RouterInterface(routerId, router.projectId(), port.id(), port.networkId(),
                port.fixedIps().stream().map(FixedIp::subnetId).toList());
    }

    public RouterInterface removeInterface(Caller caller, String routerId, InterfaceRequest request) {
        synchronized (routerChanges) {
            return removeInterfaceOf(getRouter(caller, routerId), caller, request);
        }
    }

    private RouterInterface removeInterfaceOf(Router router, Caller caller, InterfaceRequest request) {
        String routerId = router.id();
        requireOneOf(request);
        Port port;
        if (request.portId().isPresent()) {
            port = interfacesOf(routerId).stream().filter(candidate -> candidate.id().equals(request.portId().get()))
                    .findFirst().orElseThrow(() -> new NeutronException(NeutronFault.ROUTER_INTERFACE_NOT_FOUND,
                            "Router %s does not have an interface with id %s".formatted(routerId,
                                    request.portId().get()), request.portId().get()));
            if (request.subnetId().isPresent() && port.fixedIps().stream()
                    .noneMatch(ip -> ip.subnetId().equals(request.subnetId().get()))) {
                throw new NeutronException(NeutronFault.ROUTER_INTERFACE_NOT_FOUND_FOR_SUBNET,
                        "Router %s has no interface on subnet %s".formatted(routerId, request.subnetId().get()));
            }
        } else {
            String subnetId = networks.getSubnet(caller, request.subnetId().get()).id();
            port = interfacesOf(routerId).stream()
                    .filter(candidate -> candidate.fixedIps().stream().anyMatch(ip -> ip.subnetId().equals(subnetId)))
                    .findFirst().orElseThrow(() -> new NeutronException(
                            NeutronFault.ROUTER_INTERFACE_NOT_FOUND_FOR_SUBNET,
                            "Router %s has no interface on subnet %s".formatted(routerId, subnetId), subnetId));
        }
        for (FixedIp fixedIp : port.fixedIps()) {
            if (floatingIpsThrough(routerId).stream().anyMatch(floating -> subnetOfAssociation(floating)
                    .filter(fixedIp.subnetId()::equals).isPresent())) {
                throw new NeutronException(NeutronFault.ROUTER_INTERFACE_IN_USE_BY_FLOATING_IP, ("Router interface "
                        + "for subnet %s on router %s cannot be deleted, as it is required by one or more floating "
                        + "IPs.").formatted(fixedIp.subnetId(), routerId));
            }
            Optional<Ipv4Cidr> cidr = subnets.findById(fixedIp.subnetId()).map(Subnet::cidr);
            if (cidr.isPresent() && router.routes().stream().anyMatch(route -> ExtraRoutes.needs(route, cidr.get()))) {
                throw new NeutronException(NeutronFault.ROUTER_INTERFACE_IN_USE_BY_ROUTE, ("Router interface for "
                        + "subnet %s on router %s cannot be deleted, as it is required by one or more routes.")
                        .formatted(fixedIp.subnetId(), routerId));
            }
        }
        portService.deleteOwnedPort(port);
        changed();
        return new RouterInterface(routerId, router.projectId(), port.id(), port.networkId(),
                port.fixedIps().stream().map(FixedIp::subnetId).toList());
    }

    /** The router's interface ports. */
    public List<Port> interfacesOf(String routerId) {
        return ports.forDevice(routerId).stream().filter(port -> port.deviceOwner().equals(Router.INTERFACE_OWNER))
                .toList();
    }

    public Optional<Port> gatewayPort(String routerId) {
        return ports.forDevice(routerId).stream().filter(port -> port.deviceOwner().equals(Router.GATEWAY_OWNER))
                .findFirst();
    }

    /** A router whose gateway is on {@code externalNetworkId} and that has an interface on {@code subnetId}. */
    Optional<Router> routerJoining(String externalNetworkId, String subnetId) {
        return allRouters().stream()
                .filter(router -> router.gateway().map(Router.Gateway::networkId).filter(externalNetworkId::equals)
                        .isPresent())
                .filter(router -> interfacesOf(router.id()).stream()
                        .anyMatch(port -> port.fixedIps().stream().anyMatch(ip -> ip.subnetId().equals(subnetId))))
                .findFirst();
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private Router setGateway(Caller caller, Router router, GatewayRequest request, Network external, Instant now) {
        if (networks.subnetsOf(external.id()).isEmpty()) {
            throw badRouterRequest("No subnets defined on network %s".formatted(external.id()));
        }
        portService.allocateOwnedPort(external, "", request.externalFixedIps(), router.id(), Router.GATEWAY_OWNER);
        Router withGateway = router.updated(router.name(), router.description(), router.adminStateUp(),
                Optional.of(new Router.Gateway(external.id(), request.enableSnat().orElse(true))), now);
        routers.update(withGateway);
        changed();
        return withGateway;
    }

    /**
     * The gateway's network: it must exist for the caller (404) and be external (400), as l3_db checks it. Neutron's
     * default policy keeps choosing SNAT and the gateway's addresses to administrators ({@code action}'s
     * {@code external_gateway_info:enable_snat} and {@code :external_fixed_ips} rules).
     */
    private Network externalNetwork(Caller caller, GatewayRequest request, String action) {
        if (!caller.isAdmin() && request.enableSnat().isPresent()) {
            throw NeutronException.policy(action + ":external_gateway_info:enable_snat");
        }
        if (!caller.isAdmin() && request.externalFixedIps().isPresent()) {
            throw NeutronException.policy(action + ":external_gateway_info:external_fixed_ips");
        }
        Network network = networks.getNetwork(caller, request.networkId());
        if (!network.external()) {
            throw badRouterRequest("Network %s is not an external network".formatted(network.id()));
        }
        return network;
    }

    /** Neutron's _check_for_dup_router_subnets: one port per subnet, and no two subnets that overlap. */
    private void requireJoinable(Router router, Subnet subnet) {
        for (Port existing : interfacesOf(router.id())) {
            for (FixedIp fixedIp : existing.fixedIps()) {
                if (fixedIp.subnetId().equals(subnet.id())) {
                    throw badRouterRequest("Router already has a port on subnet %s".formatted(subnet.id()));
                }
                Subnet other = subnets.findById(fixedIp.subnetId()).orElseThrow();
                if (other.cidr().overlaps(subnet.cidr())) {
                    throw badRouterRequest("Cidr %s of subnet %s overlaps with cidr %s of subnet %s".formatted(
                            subnet.cidr(), subnet.id(), other.cidr(), other.id()));
                }
            }
        }
    }

    private void requireGatewayUnused(Router router) {
        if (router.gateway().isPresent() && !floatingIpsThrough(router.id()).isEmpty()) {
            throw new NeutronException(NeutronFault.ROUTER_EXTERNAL_GATEWAY_IN_USE_BY_FLOATING_IP, ("Gateway cannot be "
                    + "updated for router %s, since a gateway to external network %s is required by one or more "
                    + "floating IPs.").formatted(router.id(), router.gateway().get().networkId()));
        }
    }

    private List<FloatingIp> floatingIpsThrough(String routerId) {
        List<FloatingIp> through = new ArrayList<>();
        for (FloatingIp floatingIp : floatingIps.list(Optional.empty())) {
            if (floatingIp.association().filter(a -> a.routerId().equals(routerId)).isPresent()) {
                through.add(floatingIp);
            }
        }
        return through;
    }

    private Optional<String> subnetOfAssociation(FloatingIp floatingIp) {
        return floatingIp.association().flatMap(association -> ports.findById(association.portId()))
                .flatMap(port -> port.fixedIps().stream()
                        .filter(ip -> ip.address().equals(floatingIp.association().get().fixedIpAddress()))
                        .map(FixedIp::subnetId).findFirst());
    }

    private static void requireOneOf(InterfaceRequest request) {
        if (request.subnetId().isEmpty() && request.portId().isEmpty()) {
            throw badRouterRequest("Either subnet_id or port_id must be specified");
        }
    }

    private static NeutronException badRouterRequest(String message) {
        return NeutronException.badRequest("Bad router request: %s.", message);
    }
}
