package org.stackbox.volume.http;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.stackbox.api.Microversion;
import org.stackbox.common.auth.Caller;
import org.stackbox.volume.VolumeTypes;
import org.stackbox.volume.model.Snapshot;
import org.stackbox.volume.model.SnapshotStatus;
import org.stackbox.volume.model.Volume;
import org.stackbox.volume.model.VolumeStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stackbox.api.ApiSamples.assertMatchesSample;

/**
 * Volume responses against the samples recorded from {@code openstack volume create|show} (volume 3.0: cinderclient
 * sends no microversion, by an administrator); see {@code api-samples/README.md} for how they differ from Cinder's.
 */
@Timeout(10)
class VolumeSamplesTest {
    private static final VolumeViews VIEWS = new VolumeViews("http://127.0.0.1:8791/volume",
            id -> id.equals(VolumeTypes.DEFAULT_TYPE_ID) ? VolumeTypes.DEFAULT_TYPE : null);
    private static final Instant CREATED = Instant.parse("2026-12-04T16:41:26.841603Z");
    private static final Volume CREATING = new Volume("5a4d93e7-5671-46d3-b074-b1e1e9c817a8",
            "35201e41e5b14a32959dcf1dac342539", "b235e56d4eb64aa9b7c1149f12d6c95d", "vol1", null, 1,
            VolumeStatus.CREATING, false, VolumeTypes.DEFAULT_TYPE_ID, "nova", null, null, null, null, Map.of(), Map.of(), null, CREATED,
            CREATED);
    private static final Caller ADMIN = new Caller("b235e56d4eb64aa9b7c1149f12d6c95d", "admin", "default",
            "35201e41e5b14a32959dcf1dac342539", "admin", "default", Set.of("admin", "member", "reader"),
            CREATED.plusSeconds(3600));

    /** Repeated: each run of the JVM must print the keys in one order, so no view may hold a {@code Map.of}. */
    @RepeatedTest(2)
    void create() {
        assertMatchesSample(Map.of("volume", VIEWS.detail(CREATING, List.of(), ADMIN, new Microversion(3, 0))),
                "volumes/volume-create-response.json");
    }

    /** Exactly Cinder's keys for a project's member: no administrator's attributes, no Stackbox's own. */
    @Test
    void aMemberSeesCindersKeysForAMember() {
        Caller member = new Caller("b235e56d4eb64aa9b7c1149f12d6c95d", "alice", "default",
                "35201e41e5b14a32959dcf1dac342539", "demo", "default", Set.of("member", "reader"), CREATED.plusSeconds(3600));
        Volume failed = CREATING.withStatus(VolumeStatus.ERROR, CREATED.plusMillis(21));
        Set<String> detail = Set.of("id", "name", "description", "status", "size", "availability_zone", "created_at",
                "updated_at", "attachments", "bootable", "encrypted", "multiattach", "metadata", "volume_type",
                "snapshot_id", "source_volid", "consistencygroup_id", "replication_status", "user_id", "links");
        assertThat(VIEWS.detail(failed, List.of(), member, new Microversion(3, 0)).keySet())
                .containsExactlyInAnyOrderElementsOf(detail);
        Set<String> shown = new java.util.HashSet<>(detail);
        shown.add("os-vol-tenant-attr:tenant_id");
        assertThat(VIEWS.shown(failed, List.of(), member, new Microversion(3, 0)).keySet())
                .containsExactlyInAnyOrderElementsOf(shown);
        shown.addAll(Set.of("group_id", "shared_targets", "service_uuid", "volume_type_id", "consumes_quota"));
        assertThat(VIEWS.shown(failed, List.of(), member, new Microversion(3, 70)).keySet())
                .containsExactlyInAnyOrderElementsOf(shown);
    }

    @RepeatedTest(2)
    void listDetailed() {
        Volume available = CREATING.withStatus(VolumeStatus.AVAILABLE, CREATED.plusMillis(21));
        assertMatchesSample(Map.of("volumes", List.of(VIEWS.shown(available, List.of(), ADMIN,
                new Microversion(3, 0)))), "volumes/volumes-list-detailed-response.json");
    }

    /**
     * Cinder's snapshot keys (tempest's schemas): the extended attributes in show and detail answers only, not in the
     * answers to create, update and the plain list.
     */
    @Test
    void aSnapshotHasItsExtendedAttributesInShowAndDetailOnly() {
        Snapshot snapshot = new Snapshot("0f3c7a52-6f2e-4b7e-9d1a-3c5b2e8d4f61", CREATING.id(), CREATING.projectId(),
                CREATING.userId(), "snap", null, 1, SnapshotStatus.AVAILABLE, Map.of(), CREATED, CREATED);
        Set<String> plain = Set.of("id", "name", "description", "status", "size", "volume_id", "created_at",
                "updated_at", "metadata");
        assertThat(VIEWS.snapshot(snapshot, ADMIN, new Microversion(3, 0), false).keySet())
                .containsExactlyInAnyOrderElementsOf(plain);
        Map<String, Object> shown = VIEWS.snapshot(snapshot, ADMIN, new Microversion(3, 0), true);
        assertThat(shown.keySet()).containsAll(plain).contains("os-extended-snapshot-attributes:project_id")
                .hasSize(plain.size() + 2);
        assertThat(shown.get("os-extended-snapshot-attributes:progress")).isEqualTo("100%");
    }
}
