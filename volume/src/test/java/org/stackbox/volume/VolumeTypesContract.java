package org.stackbox.volume;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stackbox.common.ServiceError;
import org.stackbox.common.ServiceException;
import org.stackbox.common.auth.Caller;
import org.stackbox.database.Database;
import org.stackbox.database.DatabaseUrl;
import org.stackbox.volume.model.QosSpecs;
import org.stackbox.volume.model.Volume;
import org.stackbox.volume.model.VolumeStatus;
import org.stackbox.volume.model.VolumeType;
import org.stackbox.volume.store.QosSpecsRepository;
import org.stackbox.volume.store.VolumeRepository;
import org.stackbox.volume.store.VolumeTypeRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Volume types' rules and storage, on each database Stackbox runs on (the subclasses). */
abstract class VolumeTypesContract {
    private static final Caller MEMBER = new Caller("user-1", "alice", "default", "project-a", "a", null,
            Set.of("member", "reader"), Instant.MAX);
    private static final Caller OTHER = new Caller("user-2", "bob", "default", "project-b", "b", null,
            Set.of("member", "reader"), Instant.MAX);
    private static final Caller ADMIN = new Caller("user-0", "admin", "default", "project-admin", "admin", null,
            Set.of("admin", "member", "reader"), Instant.MAX);

    private Database database;
    private VolumeRepository volumes;
    private VolumeTypes types;

    /** A database with no volume tables yet. */
    abstract DatabaseUrl emptyDatabase() throws Exception;

    @BeforeEach
    void open() throws Exception {
        database = new Database(emptyDatabase());
        database.migrate("volume");
        volumes = new VolumeRepository(database.jdbi());
        types = new VolumeTypes(new VolumeTypeRepository(database.jdbi()), volumes, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void theDefaultTypeIsSeededWithItsIdAndCannotBeDeleted() {
        VolumeType seeded = types.defaultType();
        assertThat(seeded.id()).isEqualTo(VolumeTypes.DEFAULT_TYPE_ID);
        assertThat(seeded.name()).isEqualTo(VolumeTypes.DEFAULT_TYPE);
        assertThat(seeded.isPublic()).isTrue();
        assertThat(types.list(MEMBER, Optional.of(true))).extracting(VolumeType::name).containsExactly("__DEFAULT__");
        assertFault(() -> types.delete(ADMIN, VolumeTypes.DEFAULT_TYPE_ID), ServiceError.INVALID_REQUEST,
                "The volume type %s is a default volume type and cannot be deleted.".formatted(VolumeTypes.DEFAULT_TYPE_ID));
    }

    @Test
    void namesAreUniqueOnCreateAndOnRename() {
        VolumeType gold = types.create("gold", "fast", true, Map.of());
        VolumeType silver = types.create("silver", null, true, Map.of());
        assertFault(() -> types.create("gold", null, true, Map.of()), ServiceError.CONFLICT, "Volume Type gold already exists.");
        assertFault(() -> types.update(ADMIN, silver.id(), Optional.of("gold"), Optional.empty(), Optional.empty()),
                ServiceError.CONFLICT, "Volume Type gold already exists.");
        VolumeType renamed = types.update(ADMIN, gold.id(), Optional.of("platinum"), Optional.empty(), Optional.of(false));
        assertThat(types.get(ADMIN, gold.id())).satisfies(type -> {
            assertThat(type.name()).isEqualTo("platinum");
            assertThat(type.description()).as("kept when not given").isEqualTo("fast");
            assertThat(type.isPublic()).isFalse();
        });
        assertThat(renamed.name()).isEqualTo("platinum");
        assertThat(types.create("gold", null, true, Map.of()).name()).as("the old name is free again").isEqualTo("gold");
    }

    @Test
    void aPrivateTypeIsSeenByAdministratorsAndTheProjectsGivenAccessOnly() {
        VolumeType secret = types.create("secret", null, false, Map.of());
        assertFault(() -> types.get(MEMBER, secret.id()), ServiceError.NOT_FOUND,
                "Volume type %s could not be found.".formatted(secret.id()));
        assertFault(() -> types.resolve(MEMBER, "secret"), ServiceError.NOT_FOUND,
                "Volume type with name secret could not be found.");
        assertThat(types.list(ADMIN, Optional.empty())).extracting(VolumeType::name).contains("secret", "__DEFAULT__");
        assertThat(types.list(ADMIN, Optional.of(false))).extracting(VolumeType::name).containsExactly("secret");
        assertThat(types.list(ADMIN, Optional.of(true))).extracting(VolumeType::name).containsExactly("__DEFAULT__");
        assertThat(types.list(MEMBER, Optional.empty())).as("members cannot widen the filter")
                .extracting(VolumeType::name).containsExactly("__DEFAULT__");

        types.addProject(ADMIN, secret.id(), MEMBER.projectId());
        assertFault(() -> types.addProject(ADMIN, secret.id(), MEMBER.projectId()), ServiceError.CONFLICT,
                "Volume type access for %s / project-a combination already exists.".formatted(secret.id()));
        assertThat(types.projects(ADMIN, secret.id())).containsExactly("project-a");
        assertThat(types.resolve(MEMBER, "secret").id()).isEqualTo(secret.id());
        assertThat(types.list(MEMBER, Optional.of(true))).extracting(VolumeType::name).contains("secret");
        assertThat(types.list(OTHER, Optional.of(true))).extracting(VolumeType::name).doesNotContain("secret");

        types.removeProject(ADMIN, secret.id(), MEMBER.projectId());
        assertFault(() -> types.removeProject(ADMIN, secret.id(), MEMBER.projectId()), ServiceError.NOT_FOUND,
                "Volume type access not found for %s / project-a combination.".formatted(secret.id()));
        assertFault(() -> types.get(MEMBER, secret.id()), ServiceError.NOT_FOUND, "could not be found");
        assertFault(() -> types.projects(ADMIN, VolumeTypes.DEFAULT_TYPE_ID), ServiceError.NOT_FOUND,
                "Access list not available for public volume types.");
    }

    @Test
    void aTypeIsFoundByIdThenByNameEvenWhenItsNameLooksLikeAnId() {
        VolumeType odd = types.create("6a1e0a39-5d6b-4c2f-9d0e-1b2c3d4e5f60", null, true, Map.of());
        assertThat(types.resolve(MEMBER, odd.id()).id()).isEqualTo(odd.id());
        assertThat(types.resolve(MEMBER, "6a1e0a39-5d6b-4c2f-9d0e-1b2c3d4e5f60").id()).isEqualTo(odd.id());
        assertThat(types.resolve(MEMBER, "__DEFAULT__").id()).isEqualTo(VolumeTypes.DEFAULT_TYPE_ID);
    }

    @Test
    void extraSpecsAreMergedKeptInOrderAndDeletedByKey() {
        Map<String, String> initial = new LinkedHashMap<>();
        initial.put("volume_backend_name", "local");
        initial.put("empty", null);
        VolumeType type = types.create("specs", null, true, initial);
        assertThat(types.get(ADMIN, type.id()).extraSpecs()).containsExactlyInAnyOrderEntriesOf(initial);
        types.putExtraSpecs(ADMIN, type.id(), Map.of("volume_backend_name", "other", "multiattach", "<is> False"));
        assertThat(types.get(ADMIN, type.id()).extraSpecs()).containsEntry("volume_backend_name", "other")
                .containsEntry("multiattach", "<is> False").containsKey("empty").hasSize(3);
        assertThat(types.list(ADMIN, Optional.empty()).stream().filter(each -> each.id().equals(type.id())).findFirst()
                .orElseThrow().extraSpecs()).hasSize(3);
        types.deleteExtraSpec(ADMIN, type.id(), "empty");
        assertFault(() -> types.deleteExtraSpec(ADMIN, type.id(), "empty"), ServiceError.NOT_FOUND,
                "Volume Type %s has no extra specs with key empty.".formatted(type.id()));
        assertThat(types.get(ADMIN, type.id()).extraSpecs()).doesNotContainKey("empty");
    }

    @Test
    void aTypeInUseKeepsItsSpecsAndCannotBeDeletedAndADeletedTypeLeavesNothing() {
        VolumeType used = types.create("used", null, false, Map.of("k", "v"));
        types.addProject(ADMIN, used.id(), MEMBER.projectId());
        Instant now = Instant.now();
        volumes.insert(new Volume("5a4d93e7-5671-46d3-b074-b1e1e9c817a8", MEMBER.projectId(), MEMBER.userId(), "v",
                null, 1, VolumeStatus.AVAILABLE, false, used.id(), "nova", null, null, null, null, Map.of(), Map.of(),
                null, now, now));
        assertFault(() -> types.delete(ADMIN, used.id()), ServiceError.INVALID_REQUEST, "Target volume type is still in use.");
        assertFault(() -> types.putExtraSpecs(ADMIN, used.id(), Map.of("k", "w")), ServiceError.INVALID_REQUEST,
                "Volume Type is currently in use.");
        assertFault(() -> types.deleteExtraSpec(ADMIN, used.id(), "k"), ServiceError.INVALID_REQUEST,
                "Volume Type is currently in use.");
        assertThat(types.nameOf(used.id())).isEqualTo("used");

        volumes.delete("5a4d93e7-5671-46d3-b074-b1e1e9c817a8");
        types.delete(ADMIN, used.id());
        assertFault(() -> types.get(ADMIN, used.id()), ServiceError.NOT_FOUND, "could not be found");
        long left = database.jdbi().withHandle(handle -> handle.createQuery("""
                        SELECT (SELECT COUNT(*) FROM volume_type_extra_specs WHERE volume_type_id = :id)
                             + (SELECT COUNT(*) FROM volume_type_projects WHERE volume_type_id = :id)""")
                .bind("id", used.id()).mapTo(Long.class).one());
        assertThat(left).as("specs and access rows of the deleted type").isZero();
    }

    @Test
    void qosSpecsAreAssociatedWithTypesAndAForcedDeleteDisassociatesThem() {
        VolumeQos qos = new VolumeQos(new QosSpecsRepository(database.jdbi()), types, Clock.systemUTC());
        QosSpecs limited = qos.create("limited", Map.of("consumer", "front-end", "read_iops_sec", "100"));
        assertThat(limited.consumer()).isEqualTo("front-end");
        assertThat(limited.specs()).containsExactly(Map.entry("read_iops_sec", "100"));
        assertFault(() -> qos.create("limited", Map.of()), ServiceError.CONFLICT, "QoS Specs limited already exists.");
        VolumeType gold = types.create("gold", null, true, Map.of());
        VolumeType silver = types.create("silver", null, true, Map.of());
        qos.associate(ADMIN, limited.id(), gold.id());
        qos.associate(ADMIN, limited.id(), silver.id());
        assertThat(types.get(ADMIN, gold.id()).qosSpecsId()).isEqualTo(limited.id());
        assertThat(qos.associations(limited.id())).extracting(Map.Entry::getValue).containsExactly("gold", "silver");
        QosSpecs other = qos.create("other", Map.of());
        assertFault(() -> qos.associate(ADMIN, other.id(), gold.id()), ServiceError.INVALID_REQUEST,
                "is already associated with another qos specs: " + limited.id());

        qos.disassociate(ADMIN, limited.id(), gold.id());
        assertThat(types.get(ADMIN, gold.id()).qosSpecsId()).isNull();
        assertThat(types.get(ADMIN, silver.id()).qosSpecsId()).isEqualTo(limited.id());
        assertFault(() -> qos.delete(limited.id(), false), ServiceError.INVALID_REQUEST, "Qos specs still in use.");
        qos.disassociateAll(limited.id());
        assertThat(qos.associations(limited.id())).isEmpty();
        qos.associate(ADMIN, limited.id(), silver.id());
        qos.delete(limited.id(), true);
        assertThat(types.get(ADMIN, silver.id()).qosSpecsId()).isNull();
        assertFault(() -> qos.get(limited.id()), ServiceError.NOT_FOUND, "No such QoS spec " + limited.id() + ".");
        assertThat(qos.list()).extracting(QosSpecs::name).containsExactly("other");
    }

    private static void assertFault(Runnable call, ServiceError code, String message) {
        assertThatThrownBy(call::run).isInstanceOf(ServiceException.class).hasMessageContaining(message)
                .extracting("code").isEqualTo(code);
    }
}
