package org.stackbox.identity.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.stackbox.identity.model.CatalogService;
import org.stackbox.identity.model.Endpoint;
import org.stackbox.identity.model.Region;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The service catalog: regions, services and their endpoints. */
public final class CatalogRepository {
    private static final RowMapper<CatalogService> SERVICE = (row, context) -> new CatalogService(
            row.getString("id"), row.getString("type"), row.getString("name"), row.getString("description"),
            row.getBoolean("enabled"));
    private static final RowMapper<Endpoint> ENDPOINT = (row, context) -> new Endpoint(
            row.getString("id"), row.getString("service_id"), row.getString("interface"), row.getString("region_id"),
            row.getString("url"), row.getBoolean("enabled"));
    private static final RowMapper<Region> REGION = (row, context) -> new Region(
            row.getString("id"), row.getString("description"), row.getString("parent_region_id"));

    private final Jdbi jdbi;

    public CatalogRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    public void insertRegion(Region region) {
        jdbi.useHandle(handle -> handle.createUpdate(
                        "INSERT INTO regions (id, description, parent_region_id) VALUES (:id, :description, :parentRegionId)")
                .bindMethods(region).execute());
    }

    public void updateRegion(Region region) {
        jdbi.useHandle(handle -> handle.createUpdate(
                        "UPDATE regions SET description = :description, parent_region_id = :parentRegionId WHERE id = :id")
                .bindMethods(region).execute());
    }

    /** Deletes the regions, all in one transaction. */
    public void deleteRegions(List<String> ids) {
        jdbi.useTransaction(handle -> ids.forEach(id ->
                handle.createUpdate("DELETE FROM regions WHERE id = :id").bind("id", id).execute()));
    }

    public List<Region> regions(Optional<String> parentRegionId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM regions WHERE (:parent IS NULL OR parent_region_id = :parent) ORDER BY id""")
                .bind("parent", parentRegionId.orElse(null)).map(REGION).list());
    }

    public Optional<Region> findRegion(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM regions WHERE id = :id").bind("id", id).map(REGION).findOne());
    }

    public void insertService(CatalogService service) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO services (id, type, name, description, enabled)
                        VALUES (:id, :type, :name, :description, :enabled)""")
                .bindMethods(service).execute());
    }

    public boolean deleteService(String id) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM services WHERE id = :id").bind("id", id).execute()) > 0;
    }

    public Optional<CatalogService> findService(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM services WHERE id = :id").bind("id", id).map(SERVICE).findOne());
    }

    public List<CatalogService> services(Optional<String> type, Optional<String> name) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM services WHERE (:type IS NULL OR type = :type) AND (:name IS NULL OR name = :name)
                        ORDER BY type, name""")
                .bind("type", type.orElse(null)).bind("name", name.orElse(null)).map(SERVICE).list());
    }

    public void insertEndpoint(Endpoint endpoint) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO endpoints (id, service_id, interface, region_id, url, enabled)
                        VALUES (:id, :serviceId, :interfaceName, :regionId, :url, :enabled)""")
                .bindMethods(endpoint).execute());
    }

    public void updateEndpointUrl(String id, String url) {
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE endpoints SET url = :url WHERE id = :id")
                .bind("id", id).bind("url", url).execute());
    }

    public boolean deleteEndpoint(String id) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM endpoints WHERE id = :id").bind("id", id).execute()) > 0;
    }

    public Optional<Endpoint> findEndpoint(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM endpoints WHERE id = :id").bind("id", id).map(ENDPOINT).findOne());
    }

    public List<Endpoint> endpoints(Optional<String> serviceId, Optional<String> interfaceName, Optional<String> regionId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM endpoints
                        WHERE (:serviceId IS NULL OR service_id = :serviceId)
                          AND (:interfaceName IS NULL OR interface = :interfaceName)
                          AND (:regionId IS NULL OR region_id = :regionId)
                        ORDER BY service_id, interface""")
                .bind("serviceId", serviceId.orElse(null)).bind("interfaceName", interfaceName.orElse(null))
                .bind("regionId", regionId.orElse(null)).map(ENDPOINT).list());
    }
}
