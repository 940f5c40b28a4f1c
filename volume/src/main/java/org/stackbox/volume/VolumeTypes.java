package org.stackbox.volume;

import org.stackbox.common.Ids;
import org.stackbox.common.ServiceException;
import org.stackbox.common.auth.Caller;
import org.stackbox.volume.model.VolumeType;
import org.stackbox.volume.store.VolumeRepository;
import org.stackbox.volume.store.VolumeTypeRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Volume types and their rules, as Cinder's: names are unique; a private type is seen only by administrators and
 * the projects given access to it (to anyone else it does not exist); the default type and a type volumes use
 * cannot be deleted, and a type volumes use keeps its extra specs.
 */
public final class VolumeTypes {
    public static final String DEFAULT_TYPE = "__DEFAULT__";
    public static final String DEFAULT_TYPE_ID = "f0e2d8c6-7a0c-4b39-9d1e-5d8b1c7e0a01";
    private static final Pattern UUID_LIKE = Pattern.compile(
            "^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$");

    /** Who looks a type up when Cinder elevates the request's context. */
    private static final Caller ADMINISTRATOR = new Caller("stackbox", "stackbox", "default", null, null, null,
            Set.of("admin"), Instant.MAX);

    private final VolumeTypeRepository types;
    private final VolumeRepository volumes;
    private final Clock clock;

    public VolumeTypes(VolumeTypeRepository types, VolumeRepository volumes, Clock clock) {
        this.types = requireNonNull(types, "types is null");
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * The types the caller may see, oldest first. {@code isPublic} is Cinder's filter: true lists the public types
     * and the private ones the caller's project has access to, false only private types, empty every type; only an
     * administrator chooses it, anyone else gets true.
     */
    public List<VolumeType> list(Caller caller, Optional<Boolean> isPublic) {
        Optional<Boolean> filter = caller.isAdmin() ? isPublic : Optional.of(true);
        Set<String> shared = caller.projectId() == null ? Set.of() : types.typesOf(caller.projectId());
        return types.list().stream().filter(type -> filter.map(wanted -> wanted
                ? type.isPublic() || shared.contains(type.id())
                : !type.isPublic()).orElse(true)).toList();
    }

    /** The type of that id, if the caller may see it; Cinder's 404 otherwise. */
    public VolumeType get(Caller caller, String id) {
        return types.findById(id).filter(type -> visible(caller, type))
                .orElseThrow(() -> ServiceException.notFound("Volume type %s could not be found.", id));
    }

    public VolumeType defaultType() {
        return types.findById(DEFAULT_TYPE_ID)
                .orElseThrow(() -> ServiceException.notFound("Default volume type can not be found."));
    }

    /**
     * The type a new volume is made with, named by id or by name as Cinder's {@code get_by_name_or_id} takes it: a
     * UUID-like value is tried as an id, then as a name.
     */
    public VolumeType resolve(Caller caller, String nameOrId) {
        Optional<VolumeType> byId = UUID_LIKE.matcher(nameOrId).matches()
                ? types.findById(nameOrId).filter(type -> visible(caller, type)) : Optional.empty();
        return byId.or(() -> types.findByName(nameOrId).filter(type -> visible(caller, type)))
                .orElseThrow(() -> ServiceException.notFound("Volume type with name %s could not be found.", nameOrId));
    }

    /**
     * The type a volume is retyped to, by id or name, whoever asks: Cinder looks it up with an administrator's
     * context, so a private type is found too.
     */
    public VolumeType resolveAny(String nameOrId) {
        return resolve(ADMINISTRATOR, nameOrId);
    }

    /** The name of the type of that id, as a volume shows it, whoever looks. */
    public String nameOf(String id) {
        return types.findById(id).map(VolumeType::name).orElse(null);
    }

    public VolumeType create(String name, String description, boolean isPublic, Map<String, String> extraSpecs) {
        Instant now = clock.instant();
        VolumeType type = new VolumeType(Ids.uuid(), name, description, isPublic, extraSpecs, null, now, now);
        if (!types.insert(type)) {
            throw ServiceException.conflict("Volume Type %s already exists.", name);
        }
        return type;
    }

    /** Changes what is given (Cinder's update: a name, a description, the visibility, or a combination). */
    public VolumeType update(Caller caller, String id, Optional<String> name, Optional<String> description,
                             Optional<Boolean> isPublic) {
        VolumeType type = get(caller, id);
        VolumeType updated = type.withDetails(name.orElse(type.name()), description.orElse(type.description()),
                isPublic.orElse(type.isPublic()), clock.instant());
        if (!types.update(updated)) {
            throw ServiceException.conflict("Volume Type %s already exists.", updated.name());
        }
        return updated;
    }

    public void delete(Caller caller, String id) {
        VolumeType type = get(caller, id);
        if (type.id().equals(DEFAULT_TYPE_ID)) {
            throw ServiceException.invalid("The volume type %s is a default volume type and cannot be deleted.", id);
        }
        if (volumes.anyOfType(type.id())) {
            throw ServiceException.invalid("Target volume type is still in use.");
        }
        types.delete(type.id());
    }

    /** Sets extra specs, over those of the same keys; refused while volumes use the type, as Cinder refuses it. */
    public void putExtraSpecs(Caller caller, String id, Map<String, String> specs) {
        requireUnused(id);
        get(caller, id);
        types.putExtraSpecs(id, specs, clock.instant());
    }

    public void deleteExtraSpec(Caller caller, String id, String key) {
        get(caller, id);
        requireUnused(id);
        if (!types.deleteExtraSpec(id, key, clock.instant())) {
            throw ServiceException.notFound("Volume Type %s has no extra specs with key %s.", id, key);
        }
    }

    /** The projects given access to a private type; a public type has no such list (Cinder's 404). */
    public Set<String> projects(Caller caller, String id) {
        VolumeType type = get(caller, id);
        if (type.isPublic()) {
            throw ServiceException.notFound("Access list not available for public volume types.");
        }
        return types.projects(type.id());
    }

    public void addProject(Caller caller, String id, String projectId) {
        get(caller, id);
        if (!types.addProject(id, projectId)) {
            throw ServiceException.conflict("Volume type access for %s / %s combination already exists.", id, projectId);
        }
    }

    public void removeProject(Caller caller, String id, String projectId) {
        get(caller, id);
        if (!types.removeProject(id, projectId)) {
            throw ServiceException.notFound("Volume type access not found for %s / %s combination.", id, projectId);
        }
    }

    private void requireUnused(String id) {
        if (volumes.anyOfType(id)) {
            throw ServiceException.invalid("Volume Type is currently in use.");
        }
    }

    private boolean visible(Caller caller, VolumeType type) {
        return caller.isAdmin() || type.isPublic()
                || caller.projectId() != null && types.projects(type.id()).contains(caller.projectId());
    }
}
