package org.stackbox.image;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbox.common.ServiceException;
import org.stackbox.common.ServiceError;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.stackbox.image.ImageFixture.admin;
import static org.stackbox.image.ImageFixture.memberOfA;
import static org.stackbox.image.ImageFixture.memberOfB;

class ImageServiceTest {
    @TempDir
    Path directory;

    private ImageFixture fixture;
    private ImageService service;

    @BeforeEach
    void open() {
        fixture = new ImageFixture(directory);
        service = fixture.service;
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aNewImageIsQueuedSharedAndOwnedByTheCallersProject() {
        Image image = fixture.create(memberOfA(), "name", "cirros", "disk_format", "qcow2", "container_format", "bare", "os_distro", "cirros");
        assertThat(image.status()).isEqualTo(ImageStatus.QUEUED);
        assertThat(image.visibility()).isEqualTo(Visibility.SHARED);
        assertThat(image.owner()).isEqualTo(ImageFixture.PROJECT_A);
        assertThat(image.size()).isNull();
        assertThat(image.properties()).containsEntry("os_distro", "cirros");
        assertThat(service.get(memberOfA(), image.id())).isEqualTo(image);
    }

    @Test
    void anImageTakesTheVisibilityItIsGiven() {
        Image mine = fixture.create(memberOfA(), "name", "x");
        assertThat(service.get(memberOfA(), mine.id()).visibility()).isEqualTo(Visibility.SHARED);
        service.update(admin(), mine.id(), List.of(replace("visibility", "public")));
        assertThat(service.get(memberOfA(), mine.id()).visibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(fixture.create(admin(), "name", "y", "visibility", "public").visibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(fixture.create(memberOfA(), "name", "z", "visibility", "community").visibility()).isEqualTo(Visibility.COMMUNITY);
    }

    @Test
    void privateImagesOfOtherProjectsDoNotExistForTheirCallers() {
        Image image = fixture.create(memberOfA(), "name", "secret", "visibility", "private");
        assertFault(() -> service.get(memberOfB(), image.id()), ServiceError.NOT_FOUND, "No image found with ID " + image.id());
        assertFault(() -> service.delete(memberOfB(), image.id()), ServiceError.NOT_FOUND, "Failed to find image");
        assertThat(ids(service.list(memberOfB(), ImageQuery.defaults()))).doesNotContain(image.id());
        assertThat(ids(service.list(admin(), ImageQuery.defaults()))).contains(image.id());
    }

    @Test
    void othersMayReadButNotChangeAPublicImage() {
        Image image = fixture.create(admin(), "name", "public", "visibility", "public");
        assertThat(service.get(memberOfB(), image.id()).name()).isEqualTo("public");
        assertFault(() -> service.update(memberOfB(), image.id(), List.of(replace("name", "mine"))), ServiceError.NOT_PERMITTED, "modify_image");
        assertFault(() -> service.delete(memberOfB(), image.id()), ServiceError.NOT_PERMITTED, "delete_image");
    }

    @Test
    void aProtectedImageCannotBeDeleted() {
        Image image = service.create(memberOfA(), Optional.empty(), List.of(PatchOperation.add("protected", BooleanNode.TRUE)));
        assertFault(() -> service.delete(memberOfA(), image.id()), ServiceError.NOT_PERMITTED, "is protected and cannot be deleted");
        assertThat(fixture.deletedImages).as("a refused deletion frees nothing").isEmpty();
        service.update(memberOfA(), image.id(), List.of(new PatchOperation(PatchOperation.Op.REPLACE, "protected", BooleanNode.FALSE)));
        service.delete(memberOfA(), image.id());
        assertFault(() -> service.get(memberOfA(), image.id()), ServiceError.NOT_FOUND, "No image found");
        assertThat(fixture.deletedImages).as("the copies prepared from it are released").containsExactly(image.id());
    }

    @Test
    void jsonPatchFollowsGlancesRules() {
        Image image = fixture.create(memberOfA(), "name", "before", "disk_format", "raw", "color", "red");
        Image updated = service.update(memberOfA(), image.id(), List.of(
                replace("name", "after"), PatchOperation.add("shape", TextNode.valueOf("round")),
                replace("color", "blue"), new PatchOperation(PatchOperation.Op.ADD, "tags", fixture.tagArray("a", "b"))));
        assertThat(updated.name()).isEqualTo("after");
        assertThat(updated.properties()).containsEntry("color", "blue").containsEntry("shape", "round");
        assertThat(updated.tags()).containsExactly("a", "b");

        Image removed = service.update(memberOfA(), image.id(), List.of(new PatchOperation(PatchOperation.Op.REMOVE, "shape", null)));
        assertThat(removed.properties()).doesNotContainKey("shape").containsEntry("color", "blue");

        assertFault(() -> service.update(memberOfA(), image.id(), List.of(replace("status", "active"))), ServiceError.NOT_PERMITTED, "Attribute 'status' is read-only.");
        assertFault(() -> service.update(memberOfA(), image.id(), List.of(replace("checksum", "x"))), ServiceError.NOT_PERMITTED, "read-only");
        assertFault(() -> service.update(memberOfA(), image.id(), List.of(replace("iso_bootable", "true"))), ServiceError.NOT_PERMITTED, "reserved");
        assertFault(() -> service.update(memberOfA(), image.id(), List.of(replace("missing", "x"))), ServiceError.CONFLICT, "Property missing does not exist.");
        assertFault(() -> service.update(memberOfA(), image.id(), List.of(new PatchOperation(PatchOperation.Op.REMOVE, "name", null))),
                ServiceError.NOT_PERMITTED, "cannot be removed");
        assertFault(() -> service.update(memberOfA(), image.id(), List.of(PatchOperation.add("count", fixture.number(3)))),
                ServiceError.INVALID_REQUEST, "not of type 'string'");
        assertFault(() -> service.update(memberOfA(), image.id(), List.of(replace("disk_format", "floppy"))),
                ServiceError.INVALID_REQUEST, "'floppy' is not one of");
        // A failed patch changes nothing, not even the operations before the failing one.
        assertFault(() -> service.update(memberOfA(), image.id(), List.of(replace("name", "half"), replace("size", "1"))),
                ServiceError.NOT_PERMITTED, "read-only");
        assertThat(service.get(memberOfA(), image.id()).name()).isEqualTo("after");
    }

    @Test
    void membersSeeSharedImagesAndListThemOnceAccepted() {
        Image image = fixture.create(memberOfA(), "name", "shared");
        assertFault(() -> service.get(memberOfB(), image.id()), ServiceError.NOT_FOUND, "No image found");

        ImageMember member = service.addMember(memberOfA(), image.id(), ImageFixture.PROJECT_B);
        assertThat(member.status()).isEqualTo(MemberStatus.PENDING);
        assertFault(() -> service.addMember(memberOfA(), image.id(), ImageFixture.PROJECT_B), ServiceError.CONFLICT, "duplicated");
        assertThat(service.get(memberOfB(), image.id()).id()).isEqualTo(image.id());
        assertThat(ids(service.list(memberOfB(), ImageQuery.defaults()))).doesNotContain(image.id());

        assertFault(() -> service.updateMember(memberOfA(), image.id(), ImageFixture.PROJECT_B, MemberStatus.ACCEPTED),
                ServiceError.NOT_PERMITTED, "not permitted");
        assertThat(service.updateMember(memberOfB(), image.id(), ImageFixture.PROJECT_B, MemberStatus.ACCEPTED).status())
                .isEqualTo(MemberStatus.ACCEPTED);
        assertThat(ids(service.list(memberOfB(), ImageQuery.defaults()))).contains(image.id());
        assertThat(service.members(memberOfB(), image.id())).extracting(ImageMember::memberId).containsExactly(ImageFixture.PROJECT_B);
        assertFault(() -> service.addMember(memberOfB(), image.id(), "cccc"), ServiceError.NOT_PERMITTED, "add_member");

        service.removeMember(memberOfA(), image.id(), ImageFixture.PROJECT_B);
        assertFault(() -> service.get(memberOfB(), image.id()), ServiceError.NOT_FOUND, "No image found");
    }

    @Test
    void onlySharedImagesHaveMembers() {
        Image image = fixture.create(memberOfA(), "name", "private", "visibility", "private");
        assertFault(() -> service.addMember(memberOfA(), image.id(), ImageFixture.PROJECT_B), ServiceError.NOT_PERMITTED, "Only shared images have members.");
    }

    @Test
    void theImageCountQuotaRefusesTheImageOverIt() {
        service.setQuota(admin(), ImageFixture.PROJECT_B, new ImageQuota(OptionalLong.of(2), OptionalLong.empty()));
        fixture.create(memberOfB(), "name", "one");
        fixture.create(memberOfB(), "name", "two");
        assertFault(() -> fixture.create(memberOfB(), "name", "three"), ServiceError.OVER_LIMIT, "quota");
        assertThat(service.list(memberOfB(), ImageQuery.defaults()).images()).hasSize(2);
    }

    @Test
    void listsFilterSortAndPage() {
        for (String name : List.of("delta", "alpha", "charlie", "bravo", "echo")) {
            fixture.create(memberOfA(), "name", name, "disk_format", name.equals("echo") ? "iso" : "raw", "tier", name.compareTo("c") < 0 ? "low" : "high");
        }
        ImageQuery byName = query(Map.of(), List.of(new ImageQuery.SortKey("name", true)), 2, Optional.empty());
        ImagePage first = service.list(memberOfA(), byName);
        assertThat(names(first)).containsExactly("alpha", "bravo");
        ImagePage second = service.list(memberOfA(), query(Map.of(), byName.sort(), 2, first.nextMarker()));
        assertThat(names(second)).containsExactly("charlie", "delta");
        ImagePage third = service.list(memberOfA(), query(Map.of(), byName.sort(), 2, second.nextMarker()));
        assertThat(names(third)).containsExactly("echo");
        assertThat(third.nextMarker()).isEmpty();

        ImageQuery isoOnly = new ImageQuery(Optional.empty(), false, Optional.of(MemberStatus.ACCEPTED),
                Map.of("disk_format", List.of("iso")), List.of(), Map.of(), false, Optional.empty(), OptionalLong.empty(),
                OptionalLong.empty(), List.of(), 25, Optional.empty());
        assertThat(names(service.list(memberOfA(), isoOnly))).containsExactly("echo");
        assertThat(names(service.list(memberOfA(), query(Map.of("tier", "low"), byName.sort(), 25, Optional.empty()))))
                .containsExactly("alpha", "bravo");
        assertFault(() -> service.list(memberOfA(), query(Map.of(), byName.sort(), 2, Optional.of("no-such-image"))),
                ServiceError.INVALID_REQUEST, "Invalid marker");
    }

    @Test
    void tagsAreAddedAndRemovedOneByOne() {
        Image image = fixture.create(memberOfA(), "name", "tagged");
        service.addTag(memberOfA(), image.id(), "blue");
        service.addTag(memberOfA(), image.id(), "blue");
        service.addTag(memberOfA(), image.id(), "green");
        assertThat(service.get(memberOfA(), image.id()).tags()).containsExactly("blue", "green");
        service.removeTag(memberOfA(), image.id(), "blue");
        assertThat(service.get(memberOfA(), image.id()).tags()).containsExactly("green");
        assertFault(() -> service.removeTag(memberOfA(), image.id(), "blue"), ServiceError.NOT_FOUND, "Tag blue not found");
    }

    private static ImageQuery query(Map<String, String> properties, List<ImageQuery.SortKey> sort, int limit, Optional<String> marker) {
        return new ImageQuery(Optional.empty(), false, Optional.of(MemberStatus.ACCEPTED), Map.of(), List.of(), properties,
                false, Optional.empty(), OptionalLong.empty(), OptionalLong.empty(), sort, limit, marker);
    }

    private static PatchOperation replace(String attribute, String value) {
        return new PatchOperation(PatchOperation.Op.REPLACE, attribute, TextNode.valueOf(value));
    }

    private static List<String> ids(ImagePage page) {
        return page.images().stream().map(Image::id).toList();
    }

    private static List<String> names(ImagePage page) {
        return page.images().stream().map(Image::name).toList();
    }

    static void assertFault(Runnable action, ServiceError code, String message) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(ServiceException.class, failure -> {
            assertThat(failure.code()).isEqualTo(code);
            assertThat(failure.getMessage()).contains(message);
        });
    }
}
