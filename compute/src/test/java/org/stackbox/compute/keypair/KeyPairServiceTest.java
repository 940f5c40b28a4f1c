package org.stackbox.compute.keypair;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stackbox.common.auth.Caller;
import org.stackbox.common.ServiceException;
import org.stackbox.common.ServiceError;
import org.stackbox.compute.metadata.GuestIdentity;
import org.stackbox.compute.metadata.InstanceFacts;
import org.stackbox.compute.store.GuestIdentityRepository;
import org.stackbox.compute.store.KeyPairRepository;
import org.stackbox.database.Database;
import org.stackbox.database.DatabaseUrl;
import org.stackbox.database.TestPostgres;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Key pair rules on a real SQLite file. */
@Timeout(60)
class KeyPairServiceTest {
    private static final Caller ALICE = new Caller("user-1", "alice", "default", "project-a", "a", null,
            Set.of("member"), Instant.MAX);
    private static final Caller BOB = new Caller("user-2", "bob", "default", "project-a", "a", null,
            Set.of("member"), Instant.MAX);
    private static final Caller ADMIN = new Caller("user-0", "admin", "default", "project-admin", "admin", null,
            Set.of("admin"), Instant.MAX);

    @TempDir
    Path directory;

    private Database database;
    private KeyPairService keyPairs;

    @BeforeEach
    void setUp() {
        database = new Database(DatabaseUrl.sqlite(directory.resolve("stackbox.db")));
        database.migrate("compute");
        keyPairs = new KeyPairService(new KeyPairRepository(database.jdbi()), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    private static KeyPairService.CreateKeyPair imported(String name, String key) {
        return new KeyPairService.CreateKeyPair(name, KeyType.SSH, Optional.of(key), Optional.empty());
    }

    @Test
    void importsAndGeneratesKeysPerUser() {
        KeyPairService.Created imported = keyPairs.create(ALICE, imported("laptop", SshPublicKeysTest.ED25519));
        assertThat(imported.privateKey()).isEmpty();
        assertThat(imported.keyPair().fingerprint()).isEqualTo("ce:ae:de:a6:c2:5d:fa:c5:83:98:7d:59:97:10:56:9b");
        KeyPairService.Created generated = keyPairs.create(ALICE, new KeyPairService.CreateKeyPair("made",
                KeyType.SSH, Optional.empty(), Optional.empty()));
        assertThat(generated.privateKey()).hasValueSatisfying(key -> assertThat(key).contains("RSA PRIVATE KEY"));
        assertThat(generated.keyPair().id()).isGreaterThan(imported.keyPair().id());

        assertThat(keyPairs.list(ALICE, Optional.empty(), Optional.empty(), OptionalInt.empty()))
                .extracting(KeyPair::name).containsExactly("laptop", "made");
        assertThat(keyPairs.list(BOB, Optional.empty(), Optional.empty(), OptionalInt.empty())).isEmpty();
        // Bob may use the same name: names are per user.
        keyPairs.create(BOB, imported("laptop", SshPublicKeysTest.RSA));
        assertThat(keyPairs.get(BOB, Optional.empty(), "laptop").publicKey()).isEqualTo(SshPublicKeysTest.RSA);
    }

    @Test
    void refusesDuplicatesInvalidKeysAndUnknownNamesWithNovasMessages() {
        keyPairs.create(ALICE, imported("laptop", SshPublicKeysTest.ED25519));
        assertError(() -> keyPairs.create(ALICE, imported("laptop", SshPublicKeysTest.RSA)), ServiceError.CONFLICT,
                "Key pair 'laptop' already exists.");
        assertError(() -> keyPairs.create(ALICE, imported("bad", "ssh-rsa AAAA")), ServiceError.INVALID_REQUEST,
                "Keypair data is invalid: failed to generate fingerprint");
        assertError(() -> keyPairs.get(ALICE, Optional.empty(), "nothing"), ServiceError.NOT_FOUND,
                "Keypair nothing not found for user user-1");
        assertError(() -> keyPairs.delete(BOB, Optional.empty(), "laptop"), ServiceError.NOT_FOUND,
                "Keypair laptop not found for user user-2");
        assertError(() -> keyPairs.forNewServer(BOB, "laptop"), ServiceError.INVALID_REQUEST, "Invalid key_name provided.");
        assertThat(keyPairs.forNewServer(ALICE, "laptop").name()).isEqualTo("laptop");
    }

    @Test
    void onlyAnAdministratorNamesAnotherUser() {
        keyPairs.create(ADMIN, new KeyPairService.CreateKeyPair("for-alice", KeyType.SSH,
                Optional.of(SshPublicKeysTest.ECDSA), Optional.of("user-1")));
        assertThat(keyPairs.get(ALICE, Optional.empty(), "for-alice").userId()).isEqualTo("user-1");
        assertThat(keyPairs.list(ADMIN, Optional.of("user-1"), Optional.empty(), OptionalInt.empty())).hasSize(1);
        assertError(() -> keyPairs.list(BOB, Optional.of("user-1"), Optional.empty(), OptionalInt.empty()),
                ServiceError.NOT_PERMITTED, "Policy doesn't allow os_compute_api:os-keypairs:index to be performed.");
        assertError(() -> keyPairs.delete(BOB, Optional.of("user-1"), "for-alice"), ServiceError.NOT_PERMITTED,
                "Policy doesn't allow os_compute_api:os-keypairs:delete to be performed.");
        keyPairs.delete(ADMIN, Optional.of("user-1"), "for-alice");
        assertThat(keyPairs.list(ALICE, Optional.empty(), Optional.empty(), OptionalInt.empty())).isEmpty();
    }

    @Test
    void pagesByNameAfterTheMarker() {
        for (String name : new String[] {"c", "a", "b", "d"}) {
            keyPairs.create(ALICE, imported(name, SshPublicKeysTest.ED25519));
        }
        assertThat(keyPairs.list(ALICE, Optional.empty(), Optional.empty(), OptionalInt.of(2)))
                .extracting(KeyPair::name).containsExactly("a", "b");
        assertThat(keyPairs.list(ALICE, Optional.empty(), Optional.of("b"), OptionalInt.of(2)))
                .extracting(KeyPair::name).containsExactly("c", "d");
        assertError(() -> keyPairs.list(ALICE, Optional.empty(), Optional.of("zzz"), OptionalInt.empty()),
                ServiceError.INVALID_REQUEST, "Marker zzz could not be found.");
    }

    @Test
    void aUserHasAtMostTheLimit() {
        for (int index = 0; index < KeyPairService.LIMIT; index++) {
            keyPairs.create(ALICE, imported("key-" + index, SshPublicKeysTest.ED25519));
        }
        assertError(() -> keyPairs.create(ALICE, imported("one-more", SshPublicKeysTest.ED25519)),
                ServiceError.NOT_PERMITTED, "Quota exceeded, too many key pairs.");
        keyPairs.create(BOB, imported("one-more", SshPublicKeysTest.ED25519));
    }

    @Test
    void theSameOnPostgresql() {
        for (Runnable scenario : new Runnable[] {this::importsAndGeneratesKeysPerUser,
                this::refusesDuplicatesInvalidKeysAndUnknownNamesWithNovasMessages, this::pagesByNameAfterTheMarker}) {
            try (Database postgres = emptyPostgresql()) {
                keyPairs = new KeyPairService(new KeyPairRepository(postgres.jdbi()), Clock.systemUTC());
                scenario.run();
            }
        }
        try (Database postgres = emptyPostgresql()) {
            GuestIdentityRepository identities = new GuestIdentityRepository(postgres.jdbi());
            identities.insert(new GuestIdentity("server-1", "web", Optional.of(
                    new InstanceFacts.BootKey("laptop", "ssh", SshPublicKeysTest.ED25519))));
            identities.insert(new GuestIdentity("server-2", "db", Optional.empty()));
            assertThat(identities.find("server-1").orElseThrow().key().orElseThrow().publicKey())
                    .isEqualTo(SshPublicKeysTest.ED25519);
            assertThat(identities.find("server-2").orElseThrow().key()).isEmpty();
        }
    }

    private static Database emptyPostgresql() {
        Database postgres = new Database(TestPostgres.emptyDatabase());
        postgres.migrate("compute");
        return postgres;
    }

    private static void assertError(Runnable action, ServiceError code, String message) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(ServiceException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }
}
