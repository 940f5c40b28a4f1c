package org.stackbox.compute;

import org.stackbox.common.auth.Caller;
import org.stackbox.common.ServiceException;
import org.stackbox.compute.model.ComputeFlavor;
import org.stackbox.compute.store.FlavorRepository;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** Flavors: everyone lists and reads public ones; administrators create, delete and set extra specs. */
public final class ComputeFlavors {
    private final FlavorRepository repository;

    public ComputeFlavors(FlavorRepository repository) {
        this.repository = requireNonNull(repository, "repository is null");
    }

    /** Adds the default flavors that are missing (their ids and names are never reused). */
    public void ensureDefaults() {
        for (ComputeFlavor flavor : ComputeFlavor.defaults()) {
            repository.insert(flavor);
        }
    }

    public List<ComputeFlavor> list(Caller caller) {
        return repository.listLive().stream().filter(flavor -> flavor.isPublic() || caller.isAdmin()).toList();
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
