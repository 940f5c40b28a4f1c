package org.stackbox.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.stackbox.common.DataDirectoryFull;
import org.stackbox.common.ErrorKind;
import org.stackbox.common.ServiceError;
import org.stackbox.common.ServiceException;
import org.stackbox.common.StackboxException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystemException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failures from below the HTTP layer become each service's fault, through that service's own mapping. No space left,
 * as SQLite, PostgreSQL, the JDK or qemu-img say it, is one failure that each service answers with 503 in its own
 * fault style; other database and file failures stay what they were.
 */
class FaultMappingTest {
    private static ApiServer server;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    /** A service that answers its failures by kind, except one of its own that it names, as Neutron does. */
    private static final ServiceApi NAMING = new ServiceApi() {
        @Override public String prefix() { return "/naming"; }
        @Override public FaultStyle faultStyle() { return FaultStyle.NEUTRON; }
        @Override public ApiException fault(StackboxException failure) {
            return failure.code() == ServiceError.CONFLICT
                    ? new ApiException(HttpFault.CONFLICT, failure.getMessage(), "PortInUse")
                    : Faults.byKind(failure);
        }
        @Override public void register(ServiceRoutes routes) {
            routes.publicGet("/conflict", context -> { throw ServiceException.conflict("Port %s is in use.", "p1"); });
            routes.publicGet("/missing", context -> { throw ServiceException.notFound("No port %s.", "p2"); });
        }
    };

    private static final String FULL_MESSAGE =
            "Stackbox's data directory is full: nothing can be stored until space is freed there.";

    /** The failures as the layers below throw them, by the name of the route that throws each. */
    private static final Map<String, Supplier<RuntimeException>> FAILURES = Map.of(
            "sqlite", () -> new IllegalStateException("Unable to execute statement", new SQLException(
                    "[SQLITE_FULL] Insertion failed because database is full (database or disk is full)", null, 13)),
            "postgresql", () -> new IllegalStateException("Unable to execute statement", new SQLException(
                    "ERROR: could not extend file \"base/16384/16397\": No space left on device", "53100")),
            "postgresql-state-only", () -> new IllegalStateException("Unable to execute statement", new SQLException(
                    "ERROR: could not write to file \"pg_wal/xlogtemp.42\"", "53100")),
            "files", () -> new UncheckedIOException(new FileSystemException(
                    "/var/lib/stackbox/volumes/v1.qcow2", null, "No space left on device")),
            "qemu-img", () -> new ServiceException(ServiceError.INTERNAL, "Cannot make the volume", new IllegalStateException(
                    "qemu-img: error while writing at byte 1048576: No space left on device")),
            "locked", () -> new IllegalStateException("Unable to execute statement", new SQLException(
                    "[SQLITE_BUSY] The database file is locked (database is locked)", null, 5)),
            "other-io", () -> new UncheckedIOException(new IOException("Input/output error")),
            "image-store-full", () -> ServiceException.overLimit(
                    "Image storage media is full: there is no space left to store the image data."));

    private static final ServiceApi PLAIN = new ServiceApi() {
        @Override public String prefix() { return "/plain"; }
        @Override public FaultStyle faultStyle() { return FaultStyle.OPENSTACK; }
        @Override public ApiException fault(StackboxException failure) { return Faults.byKind(failure); }
        @Override public void register(ServiceRoutes routes) {
            routes.publicGet("/over", context -> { throw ServiceException.overLimit("Quota exceeded."); });
            routes.publicGet("/broken", context -> { throw ServiceException.internal("qemu-img failed."); });
        }
    };

    @BeforeAll
    static void start() {
        server = new ApiServer(List.of(NAMING, PLAIN, failing("/keystone", FaultStyle.KEYSTONE),
                failing("/nova", FaultStyle.OPENSTACK), failing("/neutron", FaultStyle.NEUTRON)), token -> Optional.empty(), "http://127.0.0.1/identity");
        server.start("127.0.0.1", 0);
        server.markReady();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @CsvSource({
            "INVALID, BAD_REQUEST",
            "UNAUTHENTICATED, UNAUTHORIZED",
            "FORBIDDEN, FORBIDDEN",
            "NOT_FOUND, NOT_FOUND",
            "CONFLICT, CONFLICT",
            "OVER_LIMIT, OVER_LIMIT",
            "UNAVAILABLE, SERVICE_UNAVAILABLE",
            "UNSUPPORTED, NOT_IMPLEMENTED",
            "INTERNAL, INTERNAL"})
    void eachKindHasItsUsualStatus(ErrorKind kind, HttpFault expected) {
        assertThat(Faults.forKind(kind)).isEqualTo(expected);
    }

    @Test
    void everyKindIsInTheTable() {
        for (ErrorKind kind : ErrorKind.values()) {
            assertThat(Faults.forKind(kind)).isNotNull();
        }
    }

    @Test
    void aServiceNamesItsOwnFaultTypes() throws Exception {
        HttpResponse<String> conflict = get("/naming/conflict");
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.body()).isEqualTo(
                "{\"NeutronError\":{\"type\":\"PortInUse\",\"message\":\"Port p1 is in use.\",\"detail\":\"\"}}");
        HttpResponse<String> missing = get("/naming/missing");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo(
                "{\"NeutronError\":{\"type\":\"HTTPNotFound\",\"message\":\"No port p2.\",\"detail\":\"\"}}");
    }

    @Test
    void anotherServiceAnswersInItsOwnStyle() throws Exception {
        HttpResponse<String> over = get("/plain/over");
        assertThat(over.statusCode()).isEqualTo(413);
        assertThat(over.body()).isEqualTo("{\"overLimit\":{\"code\":413,\"message\":\"Quota exceeded.\"}}");
        HttpResponse<String> broken = get("/plain/broken");
        assertThat(broken.statusCode()).isEqualTo(500);
        assertThat(broken.body()).isEqualTo("{\"internalServerError\":{\"code\":500,\"message\":\"qemu-img failed.\"}}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "postgresql-state-only", "files", "qemu-img"})
    void noSpaceLeftIsServiceUnavailableInEveryStyle(String failure) throws Exception {
        HttpResponse<String> keystone = get("/keystone/" + failure);
        assertThat(keystone.statusCode()).isEqualTo(503);
        assertThat(keystone.body()).isEqualTo(
                "{\"error\":{\"code\":503,\"message\":\"%s\",\"title\":\"Service Unavailable\"}}".formatted(FULL_MESSAGE));

        HttpResponse<String> nova = get("/nova/" + failure);
        assertThat(nova.statusCode()).isEqualTo(503);
        assertThat(nova.body()).isEqualTo("{\"serviceUnavailable\":{\"code\":503,\"message\":\"%s\"}}".formatted(FULL_MESSAGE));

        HttpResponse<String> neutron = get("/neutron/" + failure);
        assertThat(neutron.statusCode()).isEqualTo(503);
        assertThat(neutron.body()).isEqualTo(
                "{\"NeutronError\":{\"type\":\"HTTPServiceUnavailable\",\"message\":\"%s\",\"detail\":\"\"}}"
                        .formatted(FULL_MESSAGE));
    }

    @Test
    void otherFailuresAreWhatTheyWere() throws Exception {
        assertThat(get("/nova/locked").statusCode()).isEqualTo(500);
        assertThat(get("/nova/other-io").statusCode()).isEqualTo(500);
        HttpResponse<String> imageStore = get("/nova/image-store-full");
        assertThat(imageStore.statusCode()).isEqualTo(413);
        assertThat(imageStore.body()).contains("Image storage media is full");
    }

    @Test
    void recognisesTheCauseAnywhereInTheChain() {
        IOException noSpace = new IOException("No space left on device");
        assertThat(DataDirectoryFull.causes(new RuntimeException(new RuntimeException(noSpace)))).isTrue();
        RuntimeException suppressing = new RuntimeException("cleanup failed too");
        suppressing.addSuppressed(noSpace);
        assertThat(DataDirectoryFull.causes(suppressing)).isTrue();
        assertThat(DataDirectoryFull.causes(new SQLException("error code 13 from another database", null, 13))).isFalse();
        assertThat(DataDirectoryFull.causes(new RuntimeException("no cause"))).isFalse();
    }

    /** A service whose route /NAME throws the failure FAILURES names. */
    private static ServiceApi failing(String prefix, FaultStyle style) {
        return new ServiceApi() {
            @Override public String prefix() { return prefix; }
            @Override public FaultStyle faultStyle() { return style; }
            @Override public ApiException fault(StackboxException failure) { return Faults.byKind(failure); }
            @Override public void register(ServiceRoutes routes) {
                FAILURES.forEach((name, failure) -> routes.publicGet("/" + name, context -> {
                    throw failure.get();
                }));
            }
        };
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
