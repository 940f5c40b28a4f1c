package org.stackbox.compute.metadata;

import org.stackbox.common.Json;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * The OpenStack documents of one server, per metadata version, with the fields in the order Nova writes them
 * ({@code nova/api/metadata/base.py} and {@code nova/virt/netutils.py}).
 */
final class OpenStackDocuments {
    private final InstanceFacts facts;
    private final Supplier<byte[]> randomSeed;

    OpenStackDocuments(InstanceFacts facts, Supplier<byte[]> randomSeed) {
        this.facts = requireNonNull(facts, "facts is null");
        this.randomSeed = requireNonNull(randomSeed, "randomSeed is null");
    }

    /** {@code meta_data.json} for a resolved version. */
    byte[] metaData(String version) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("uuid", facts.serverId());
        if (!facts.metadata().isEmpty()) {
            document.put("meta", new TreeMap<>(facts.metadata()));
        }
        facts.key().ifPresent(key -> {
            document.put("public_keys", Map.of(key.name(), key.publicKey()));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", key.name());
            entry.put("type", key.type());
            entry.put("data", key.publicKey());
            document.put("keys", List.of(entry));
        });
        document.put("hostname", InstanceMetadata.qualifiedHostname(facts));
        document.put("name", facts.name());
        document.put("launch_index", 0);
        document.put("availability_zone", facts.availabilityZone());
        if (MetadataVersions.openStackAtLeast(version, MetadataVersions.GRIZZLY)) {
            document.put("random_seed", Base64.getEncoder().encodeToString(randomSeed.get()));
        }
        if (MetadataVersions.openStackAtLeast(version, MetadataVersions.LIBERTY)) {
            document.put("project_id", facts.projectId());
        }
        if (MetadataVersions.openStackAtLeast(version, MetadataVersions.NEWTON_ONE)) {
            // Nova lists tagged devices only; Stackbox has no device tags.
            document.put("devices", List.of());
        }
        if (MetadataVersions.openStackAtLeast(version, MetadataVersions.VICTORIA)) {
            document.put("dedicated_cpus", List.of());
        }
        return Json.writeBytes(document);
    }

    /** {@code network_data.json}: a link per card, a network per address (DHCP or static), the DNS services. */
    byte[] networkData() {
        if (facts.interfaces().isEmpty()) {
            return Json.writeBytes(Map.of());
        }
        List<Object> links = new ArrayList<>();
        List<Object> networks = new ArrayList<>();
        List<Object> services = new ArrayList<>();
        for (int index = 0; index < facts.interfaces().size(); index++) {
            GuestInterface card = facts.interfaces().get(index);
            String linkId = card.portId().map(port -> "tap" + port.substring(0, Math.min(11, port.length())))
                    .orElse("interface" + index);
            Map<String, Object> link = new LinkedHashMap<>();
            link.put("id", linkId);
            card.portId().ifPresent(port -> link.put("vif_id", port));
            link.put("type", "phy");
            link.put("mtu", card.mtu().orElse(null));
            link.put("ethernet_mac_address", card.macAddress());
            links.add(link);

            Map<String, Object> network = new LinkedHashMap<>();
            network.put("id", "network" + networks.size());
            Optional<GuestInterface.FixedAddress> address = card.address();
            if (address.isEmpty() || address.get().dhcp()) {
                network.put("type", "ipv4_dhcp");
                network.put("link", linkId);
                card.networkId().ifPresent(id -> network.put("network_id", id));
            } else {
                GuestInterface.FixedAddress fixed = address.get();
                network.put("type", "ipv4");
                network.put("link", linkId);
                network.put("ip_address", fixed.ip());
                network.put("netmask", fixed.netmask());
                network.put("routes", fixed.gateway().map(OpenStackDocuments::defaultRoute).orElse(List.of()));
                card.networkId().ifPresent(id -> network.put("network_id", id));
                network.put("services", dnsServices(fixed));
            }
            networks.add(network);
            card.address().ifPresent(fixed -> dnsServices(fixed).stream()
                    .filter(service -> !services.contains(service)).forEach(services::add));
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("links", links);
        document.put("networks", networks);
        document.put("services", services);
        return Json.writeBytes(document);
    }

    private static List<Object> defaultRoute(String gateway) {
        Map<String, Object> route = new LinkedHashMap<>();
        route.put("network", "0.0.0.0");
        route.put("netmask", "0.0.0.0");
        route.put("gateway", gateway);
        return List.of(route);
    }

    private static List<Object> dnsServices(GuestInterface.FixedAddress address) {
        List<Object> services = new ArrayList<>();
        for (String server : address.dnsServers()) {
            Map<String, Object> service = new LinkedHashMap<>();
            service.put("type", "dns");
            service.put("address", server);
            services.add(service);
        }
        return services;
    }

    /** {@code vendor_data.json}: Nova's static provider without a file gives an empty object. */
    byte[] vendorData() {
        return Json.writeBytes(Map.of());
    }

    /** {@code vendor_data2.json}: each provider's data under its name; only the empty static one here. */
    byte[] vendorData2() {
        return Json.writeBytes(Map.of("static", Map.of()));
    }
}
