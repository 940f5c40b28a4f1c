package org.stackbox.volume;

import org.stackbox.common.Ids;
import org.stackbox.common.ServiceException;
import org.stackbox.common.auth.Caller;
import org.stackbox.volume.model.QosSpecs;
import org.stackbox.volume.store.QosSpecsRepository;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Cinder's QoS specs and their associations with volume types, kept and shown as Cinder does. Stackbox's local
 * back end does not enforce them: they are the API and the storage only.
 */
public final class VolumeQos {
    private static final List<String> CONSUMERS = List.of("back-end", "front-end", "both");

    private final QosSpecsRepository qos;
    private final VolumeTypes types;
    private final Clock clock;

    public VolumeQos(QosSpecsRepository qos, VolumeTypes types, Clock clock) {
        this.qos = requireNonNull(qos, "qos is null");
        this.types = requireNonNull(types, "types is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public List<QosSpecs> list() {
        return qos.list();
    }

    public QosSpecs get(String id) {
        return qos.findById(id).orElseThrow(() -> ServiceException.notFound("No such QoS spec %s.", id));
    }

    /** {@code specs} may name the consumer among them ("consumer"), as Cinder takes it; back-end otherwise. */
    public QosSpecs create(String name, Map<String, String> specs) {
        Map<String, String> rest = new LinkedHashMap<>(specs);
        String consumer = consumer(Optional.ofNullable(rest.remove("consumer")).filter(given -> !given.isEmpty()))
                .orElse("back-end");
        QosSpecs created = new QosSpecs(Ids.uuid(), name, consumer, rest);
        if (!qos.insert(created, clock.instant())) {
            throw ServiceException.conflict("QoS Specs %s already exists.", name);
        }
        return created;
    }

    /** Sets the given keys (and the consumer, when "consumer" is one of them) over what the specs have. */
    public QosSpecs update(String id, Map<String, String> specs) {
        QosSpecs current = get(id);
        Map<String, String> merged = new LinkedHashMap<>(current.specs());
        merged.putAll(specs);
        String consumer = consumer(Optional.ofNullable(merged.remove("consumer"))).orElse(current.consumer());
        QosSpecs updated = new QosSpecs(id, current.name(), consumer, merged);
        qos.update(updated, clock.instant());
        return updated;
    }

    public void deleteKeys(String id, List<String> keys) {
        QosSpecs current = get(id);
        Map<String, String> remaining = new LinkedHashMap<>(current.specs());
        for (String key : keys) {
            if (!remaining.containsKey(key)) {
                throw ServiceException.notFound("QoS spec %s has no spec with key %s.", id, key);
            }
            remaining.remove(key);
        }
        qos.update(new QosSpecs(id, current.name(), current.consumer(), remaining), clock.instant());
    }

    /** Refused while types are associated with the specs, unless {@code force}, which disassociates them. */
    public void delete(String id, boolean force) {
        get(id);
        if (!force && !qos.types(id).isEmpty()) {
            throw ServiceException.invalid("Qos specs still in use.");
        }
        qos.delete(id);
    }

    /** The associated volume types: id to name. */
    public List<Map.Entry<String, String>> associations(String id) {
        get(id);
        return qos.types(id);
    }

    public void associate(Caller caller, String id, String typeId) {
        get(id);
        types.get(caller, typeId);
        if (!qos.associate(id, typeId)) {
            throw ServiceException.invalid("Invalid volume type: Type %s is already associated with another qos "
                    + "specs: %s", typeId, types.get(caller, typeId).qosSpecsId());
        }
    }

    public void disassociate(Caller caller, String id, String typeId) {
        get(id);
        types.get(caller, typeId);
        qos.disassociate(id, typeId);
    }

    public void disassociateAll(String id) {
        get(id);
        qos.disassociate(id, null);
    }

    private static Optional<String> consumer(Optional<String> given) {
        given.filter(value -> !CONSUMERS.contains(value)).ifPresent(value -> {
            throw ServiceException.invalid("Invalid qos specs: Valid consumer of QoS specs are: ['back-end', "
                    + "'front-end', 'both']");
        });
        return given;
    }
}
