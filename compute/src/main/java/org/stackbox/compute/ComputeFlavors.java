package org.stackbox.compute;

import org.stackbox.common.auth.Caller;
import org.stackbox.common.ServiceException;
import org.stackbox.compute.model.ComputeFlavor;
import org.stackbox.compute.store.FlavorAccessRepository;
import org.stackbox.compute.store.FlavorRepository;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Flavors: everyone lists, reads and uses public ones, and the projects given access to a non-public one use it too
 * (Nova's flavor access); administrators create, delete, set extra specs and give access.
 */
public final class ComputeFlavors {
    private final FlavorRepository repository;
    private final FlavorAccessRepository access;

    public ComputeFlavors(FlavorRepository repository, FlavorAccessRepository access) {
        this.repository = requireNonNull(repository, "repository is null");
        this.access = requireNonNull(access, "access is null");
    }

    /** Adds the default flavors that are missing (their ids and names are never reused). */
    public void ensureDefaults() {
        for (ComputeFlavor flavor : ComputeFlavor.defaults()) {
            repository.insert(flavor);
        }
    }

    public List<ComputeFlavor> list(Caller caller) {
        return repository.listLive().stream().filter(flavor -> usableBy(caller, flavor)).toList();
    }

    /** Whether the caller may see and use the flavor: a public one, one its project was given, or as administrator. */
    public boolean usableBy(Caller caller, ComputeFlavor flavor) {
        return flavor.isPublic() || caller.isAdmin()
                || caller.projectId() != null && access.has(flavor.id(), caller.projectId());
    }

    /** A live flavor the caller may use; Nova's 404 otherwise, as if it did not exist. */
    public ComputeFlavor visible(Caller caller, String id) {
        return repository.findById(id).filter(flavor -> !flavor.deleted() && usableBy(caller, flavor))
                .orElseThrow(() -> ServiceException.notFound("Flavor %s could not be found.", id));
    }

    /** The projects given access to a non-public flavor; 404 for a public one, which has no such list. */
    public List<String> accessList(String id) {
        ComputeFlavor flavor = get(id);
        if (flavor.isPublic()) {
            throw ServiceException.notFound("Access list not available for public flavors.");
        }
        return access.projectsOf(id);
    }

    /** Gives a project access to a non-public flavor; 409 if it has it. */
    public List<String> addAccess(String id, String projectId) {
        ComputeFlavor flavor = get(id);
        if (flavor.isPublic()) {
            throw ServiceException.conflict("Can not add access to a public flavor.");
        }
        if (!access.add(id, projectId)) {
            throw ServiceException.conflict("Flavor access already exists for flavor %s and project %s combination.",
                    id, projectId);
        }
        return access.projectsOf(id);
    }

    /** Takes a project's access away; 404 if it has none. */
    public List<String> removeAccess(String id, String projectId) {
        get(id);
        if (!access.remove(id, projectId)) {
            throw ServiceException.notFound("Flavor access not found for %s / %s combination.", id, projectId);
        }
        return access.projectsOf(id);
    }

    /** A flavor, also a deleted one, if there is one of that id. */
    public Optional<ComputeFlavor> find(String id) {
        return repository.findById(id);
    }

    /** A flavor, also a deleted one (a server of it still shows it). */
    public ComputeFlavor get(String id) {
        return repository.findById(id).orElseThrow(() -> ServiceException.notFound("Flavor %s could not be found.", id));
    }

    public ComputeFlavor create(Caller caller, ComputeFlavor flavor) {
        if (!repository.insert(flavor)) {
            throw ServiceException.conflict("Flavor with ID %s or name %s already exists.", flavor.id(), flavor.name());
        }
        return flavor;
    }

    public void delete(Caller caller, String id) {
        ComputeFlavor flavor = get(id);
        if (flavor.deleted()) {
            throw ServiceException.notFound("Flavor %s could not be found.", id);
        }
        repository.markDeleted(id);
    }

    public ComputeFlavor setExtraSpecs(Caller caller, String id, Map<String, String> specs) {
        ComputeFlavor flavor = get(id);
        Map<String, String> merged = new HashMap<>(flavor.extraSpecs());
        merged.putAll(specs);
        ComputeFlavor updated = flavor.withExtraSpecs(merged);
        repository.updateExtraSpecs(updated);
        return updated;
    }

    public void deleteExtraSpec(Caller caller, String id, String key) {
        ComputeFlavor flavor = get(id);
        if (!flavor.extraSpecs().containsKey(key)) {
            throw ServiceException.notFound("Flavor %s has no extra specs with key %s.", id, key);
        }
        Map<String, String> remaining = new HashMap<>(flavor.extraSpecs());
        remaining.remove(key);
        repository.updateExtraSpecs(flavor.withExtraSpecs(remaining));
    }
}
