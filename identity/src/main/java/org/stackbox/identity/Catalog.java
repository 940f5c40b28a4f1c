package org.stackbox.identity;

import org.stackbox.common.auth.Caller;
import org.stackbox.common.ServiceException;
import org.stackbox.common.Ids;
import org.stackbox.identity.model.CatalogService;
import org.stackbox.identity.model.Endpoint;
import org.stackbox.identity.model.Region;
import org.stackbox.identity.store.CatalogRepository;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** The service catalog: which services exist and where their endpoints are. */
public final class Catalog {
    private static final Set<String> INTERFACES = Set.of("public", "internal", "admin");

    private final CatalogRepository repository;

    public Catalog(CatalogRepository repository) {
        this.repository = requireNonNull(repository, "repository is null");
    }

    /** A service with its endpoints, as a token's catalog lists them. */
    public record Entry(CatalogService service, List<Endpoint> endpoints) {}

    /**
     * The catalog a token scoped to {@code projectId} shows: enabled services and endpoints, with
     * {@code $(project_id)s} in endpoint URLs replaced; endpoints that need a project are left out of
     * tokens without one.
     */
    public List<Entry> forScope(String projectId) {
        List<Endpoint> endpoints = repository.endpoints(Optional.empty(), Optional.empty(), Optional.empty());
        return repository.services(Optional.empty(), Optional.empty()).stream()
                .filter(CatalogService::enabled)
                .map(service -> new Entry(service, endpoints.stream()
                        .filter(endpoint -> endpoint.enabled() && endpoint.serviceId().equals(service.id()))
                        .filter(endpoint -> projectId != null || !needsProject(endpoint.url()))
                        .map(endpoint -> withUrl(endpoint, substitute(endpoint.url(), projectId)))
                        .toList()))
                .toList();
    }

    public List<CatalogService> listServices(Caller caller, Optional<String> type, Optional<String> name) {
        return repository.services(type, name);
    }

    public CatalogService getService(Caller caller, String id) {
        return repository.findService(id).orElseThrow(() -> ServiceException.notFound("Could not find service: %s.", id));
    }

    public CatalogService createService(Caller caller, String type, String name, String description, boolean enabled) {
        if (type == null || type.isBlank()) {
            throw ServiceException.invalid("'type' is a required property");
        }
        CatalogService service = new CatalogService(Ids.hex(), type, name, description, enabled);
        repository.insertService(service);
        return service;
    }

    public void deleteService(Caller caller, String id) {
        getService(caller, id);
        repository.deleteService(id);
    }

    public List<Endpoint> listEndpoints(Caller caller, Optional<String> serviceId, Optional<String> interfaceName,
                                        Optional<String> regionId) {
        return repository.endpoints(serviceId, interfaceName, regionId);
    }

    public Endpoint getEndpoint(Caller caller, String id) {
        return repository.findEndpoint(id).orElseThrow(() -> ServiceException.notFound("Could not find endpoint: %s.", id));
    }

    public Endpoint createEndpoint(Caller caller, String serviceId, String interfaceName, String regionId, String url, boolean enabled) {
        if (!INTERFACES.contains(interfaceName)) {
            throw ServiceException.invalid("Invalid input for field 'interface': '%s' is not one of ['admin', 'internal', 'public']", interfaceName);
        }
        if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw ServiceException.invalid("Invalid input for field 'url': '%s' is not a valid URL", url);
        }
        repository.findService(serviceId).orElseThrow(() -> ServiceException.invalid("Could not find service: %s.", serviceId));
        if (regionId != null && repository.findRegion(regionId).isEmpty()) {
            throw ServiceException.invalid("Could not find region: %s.", regionId);
        }
        Endpoint endpoint = new Endpoint(Ids.hex(), serviceId, interfaceName, regionId, url, enabled);
        repository.insertEndpoint(endpoint);
        return endpoint;
    }

    public void deleteEndpoint(Caller caller, String id) {
        getEndpoint(caller, id);
        repository.deleteEndpoint(id);
    }

    public List<Region> listRegions(Optional<String> parentRegionId) {
        return repository.regions(parentRegionId);
    }

    /** A new region, with the id asked for or a new one; its parent must exist. */
    public Region createRegion(Caller caller, Optional<String> id, String description, String parentRegionId) {
        String regionId = id.orElseGet(Ids::hex);
        if (repository.findRegion(regionId).isPresent()) {
            throw ServiceException.conflict("Conflict occurred attempting to store region - Duplicate ID, %s.", regionId);
        }
        if (parentRegionId != null) {
            getRegion(parentRegionId);
        }
        Region region = new Region(regionId, description == null ? "" : description, parentRegionId);
        repository.insertRegion(region);
        return region;
    }

    /** Changes a region's description or parent; a parent that would make the hierarchy a circle is Keystone's 400. */
    public Region updateRegion(Caller caller, String id, Optional<String> description, Optional<Optional<String>> parentRegionId) {
        Region current = getRegion(id);
        String parent = parentRegionId.map(given -> given.orElse(null)).orElse(current.parentRegionId());
        for (String ancestor = parent; ancestor != null; ancestor = getRegion(ancestor).parentRegionId()) {
            if (ancestor.equals(id)) {
                throw ServiceException.invalid("Circular reference or a repeated entry found in region tree - %s.", id);
            }
        }
        Region updated = new Region(id, description.orElse(current.description()), parent);
        repository.updateRegion(updated);
        return updated;
    }

    /**
     * Deletes a region with the regions below it, as Keystone does; a region that endpoints still name stays
     * (409), so that no endpoint is left naming a region that is gone.
     */
    public void deleteRegion(Caller caller, String id) {
        getRegion(id);
        List<String> subtree = new java.util.ArrayList<>(List.of(id));
        for (int next = 0; next < subtree.size(); next++) {
            repository.regions(Optional.of(subtree.get(next))).forEach(child -> subtree.add(child.id()));
        }
        for (String region : subtree) {
            if (!repository.endpoints(Optional.empty(), Optional.empty(), Optional.of(region)).isEmpty()) {
                throw ServiceException.conflict("Cannot delete region %s: endpoints still name region %s.", id, region);
            }
        }
        java.util.Collections.reverse(subtree);
        repository.deleteRegions(subtree);
    }

    public Region getRegion(String id) {
        return repository.findRegion(id).orElseThrow(() -> ServiceException.notFound("Could not find region: %s.", id));
    }

    private static boolean needsProject(String url) {
        return url.contains("$(project_id)s") || url.contains("$(tenant_id)s");
    }

    private static String substitute(String url, String projectId) {
        if (projectId == null) {
            return url;
        }
        return url.replace("$(project_id)s", projectId).replace("$(tenant_id)s", projectId);
    }

    private static Endpoint withUrl(Endpoint endpoint, String url) {
        return new Endpoint(endpoint.id(), endpoint.serviceId(), endpoint.interfaceName(), endpoint.regionId(), url, endpoint.enabled());
    }
}
