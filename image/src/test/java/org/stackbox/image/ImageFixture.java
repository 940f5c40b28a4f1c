package org.stackbox.image;

import com.fasterxml.jackson.databind.node.TextNode;
import org.stackbox.common.auth.Caller;
import org.stackbox.database.Database;
import org.stackbox.database.DatabaseUrl;
import org.stackbox.image.store.ImageRepository;
import org.stackbox.image.store.MemberRepository;
import org.stackbox.image.store.QuotaRepository;
import org.stackbox.storage.image.LocalImageStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CopyOnWriteArrayList;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** The image service on a real SQLite file and a real local image store in a temporary directory. */
final class ImageFixture implements AutoCloseable {
    static final String PROJECT_A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final String PROJECT_B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    final Path directory;
    final Database database;
    final ImageRepository images;
    final MemberRepository members;
    final QuotaRepository quotas;
    final LocalImageStore store;
    final ImageService service;
    final ImageTransfers transfers;
    /** The images the service said were deleted, in order. */
    final List<String> deletedImages = new CopyOnWriteArrayList<>();

    ImageFixture(Path directory) {
        this.directory = directory;
        this.database = new Database(DatabaseUrl.sqlite(directory.resolve("stackbox.db")));
        database.migrate("image");
        this.images = new ImageRepository(database.jdbi());
        this.members = new MemberRepository(database.jdbi());
        this.quotas = new QuotaRepository(database.jdbi());
        this.store = LocalImageStore.open(directory.resolve("images"));
        this.service = new ImageService(images, members, quotas, store, deletedImages::add, Clock.systemUTC());
        this.transfers = new ImageTransfers(service, images, quotas, store, Clock.systemUTC());
    }

    static Caller admin() {
        return caller("admin", PROJECT_A, Set.of("admin", "member", "reader"));
    }

    static Caller memberOfA() {
        return caller("alice", PROJECT_A, Set.of("member", "reader"));
    }

    static Caller memberOfB() {
        return caller("bob", PROJECT_B, Set.of("member", "reader"));
    }

    private static Caller caller(String user, String project, Set<String> roles) {
        return new Caller(user + "-id", user, "default", project, "project-" + project.charAt(0), "default", roles,
                Instant.now().plusSeconds(3600));
    }

    /** Creates an image with the given attributes, e.g. {@code "name", "x", "disk_format", "raw"}. */
    Image create(Caller caller, String... attributes) {
        List<PatchOperation> operations = new ArrayList<>();
        for (int index = 0; index < attributes.length; index += 2) {
            operations.add(PatchOperation.add(attributes[index], TextNode.valueOf(attributes[index + 1])));
        }
        return service.create(caller, Optional.empty(), operations);
    }

    com.fasterxml.jackson.databind.JsonNode tagArray(String... tags) {
        com.fasterxml.jackson.databind.node.ArrayNode array = org.stackbox.common.Json.MAPPER.createArrayNode();
        for (String tag : tags) {
            array.add(tag);
        }
        return array;
    }

    com.fasterxml.jackson.databind.JsonNode number(int value) {
        return com.fasterxml.jackson.databind.node.IntNode.valueOf(value);
    }

    /** Files in the image store, partial writes included. */
    long storedFiles() throws IOException {
        try (Stream<Path> files = Files.walk(store.root())) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Override
    public void close() {
        database.close();
    }
}
