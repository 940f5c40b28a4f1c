package org.stackbox.identity;

import org.stackbox.common.Ids;
import org.stackbox.identity.model.CatalogService;
import org.stackbox.identity.model.Domain;
import org.stackbox.identity.model.Endpoint;
import org.stackbox.identity.model.Project;
import org.stackbox.identity.model.Region;
import org.stackbox.identity.model.Role;
import org.stackbox.identity.model.RoleAssignment;
import org.stackbox.identity.model.User;
import org.stackbox.identity.store.CatalogRepository;
import org.stackbox.identity.store.DomainRepository;
import org.stackbox.identity.store.ProjectRepository;
import org.stackbox.identity.store.RoleRepository;
import org.stackbox.identity.store.UserRepository;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * What a new cloud starts with: domain {@code Default}, project and user {@code admin}, the roles
 * {@code admin}, {@code member} and {@code reader}, region {@code RegionOne} and the catalog of Stackbox's
 * services. Safe to run at every start: it creates what is missing and points the catalog at the current URL.
 */
public final class Bootstrap {
    public static final String DEFAULT_DOMAIN_ID = "default";
    public static final String REGION = "RegionOne";

    /** A catalog entry Stackbox provides, with its path below the public URL. */
    record ServiceEndpoint(String type, String name, String description, String path) {}

    static final List<ServiceEndpoint> SERVICES = List.of(
            new ServiceEndpoint("identity", "keystone", "Stackbox Identity Service", "/identity"),
            new ServiceEndpoint("image", "glance", "Stackbox Image Service", "/image"),
            new ServiceEndpoint("block-storage", "cinder", "Stackbox Block Storage Service", "/volume/v3/$(project_id)s"),
            new ServiceEndpoint("volumev3", "cinderv3", "Stackbox Block Storage Service (v3)", "/volume/v3/$(project_id)s"),
            new ServiceEndpoint("compute", "nova", "Stackbox Compute Service", "/compute/v2.1"),
            new ServiceEndpoint("network", "neutron", "Stackbox Network Service", "/network"));

    private final DomainRepository domains;
    private final ProjectRepository projects;
    private final UserRepository users;
    private final RoleRepository roles;
    private final CatalogRepository catalog;
    private final Supplier<NewPassword> adminPassword;

    /** {@code adminPassword} is asked for only when the admin user does not exist yet. */
    public Bootstrap(DomainRepository domains, ProjectRepository projects, UserRepository users, RoleRepository roles,
                     CatalogRepository catalog, Supplier<NewPassword> adminPassword) {
        this.domains = requireNonNull(domains, "domains is null");
        this.projects = requireNonNull(projects, "projects is null");
        this.users = requireNonNull(users, "users is null");
        this.roles = requireNonNull(roles, "roles is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.adminPassword = requireNonNull(adminPassword, "adminPassword is null");
    }

    /** The admin credentials, present only when this run created the admin user. */
    public record Result(Optional<String> newAdminPassword) {}

    public Result run(String publicUrl) {
        if (domains.findById(DEFAULT_DOMAIN_ID).isEmpty()) {
            domains.insert(new Domain(DEFAULT_DOMAIN_ID, "Default", "The default domain", true));
        }
        for (String name : List.of("admin", "manager", "member", "reader")) {
            if (roles.findByName(name).isEmpty()) {
                roles.insert(new Role(Ids.hex(), name, null));
            }
        }
        Project admin = projects.findByName(DEFAULT_DOMAIN_ID, "admin").orElseGet(() -> {
            Project project = new Project(Ids.hex(), "admin", DEFAULT_DOMAIN_ID, "Bootstrap project for initializing the cloud.", true);
            projects.insert(project);
            return project;
        });
        Optional<String> newPassword = Optional.empty();
        if (users.findByName(DEFAULT_DOMAIN_ID, "admin").isEmpty()) {
            NewPassword password = adminPassword.get();
            User user = new User(Ids.hex(), "admin", DEFAULT_DOMAIN_ID, password.hash(), true, admin.id(), null, null);
            users.insert(user);
            String adminRole = roles.findByName("admin").orElseThrow().id();
            roles.assign(RoleAssignment.ofUser(user.id(), RoleAssignment.TargetType.PROJECT, admin.id(), adminRole));
            roles.assign(RoleAssignment.ofUser(user.id(), RoleAssignment.TargetType.DOMAIN, DEFAULT_DOMAIN_ID, adminRole));
            newPassword = Optional.of(password.clear());
        }
        if (catalog.findRegion(REGION).isEmpty()) {
            catalog.insertRegion(new Region(REGION, "", null));
        }
        for (ServiceEndpoint wanted : SERVICES) {
            publish(wanted, publicUrl + wanted.path());
        }
        return new Result(newPassword);
    }

    private void publish(ServiceEndpoint wanted, String url) {
        CatalogService service = catalog.services(Optional.of(wanted.type()), Optional.of(wanted.name())).stream().findFirst()
                .orElseGet(() -> {
                    CatalogService created = new CatalogService(Ids.hex(), wanted.type(), wanted.name(), wanted.description(), true);
                    catalog.insertService(created);
                    return created;
                });
        for (String interfaceName : List.of("public", "internal", "admin")) {
            Optional<Endpoint> existing = catalog.endpoints(Optional.of(service.id()), Optional.of(interfaceName), Optional.of(REGION))
                    .stream().findFirst();
            if (existing.isEmpty()) {
                catalog.insertEndpoint(new Endpoint(Ids.hex(), service.id(), interfaceName, REGION, url, true));
            } else if (!existing.get().url().equals(url)) {
                catalog.updateEndpointUrl(existing.get().id(), url);
            }
        }
    }
}
