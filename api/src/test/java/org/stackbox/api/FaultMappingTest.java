package org.stackbox.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stackbox.common.ErrorKind;
import org.stackbox.common.ServiceError;
import org.stackbox.common.ServiceException;
import org.stackbox.common.StackboxException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Failures from below the HTTP layer become each service's fault, through that service's own mapping. */
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
        server = new ApiServer(List.of(NAMING, PLAIN), token -> Optional.empty(), "http://127.0.0.1/identity");
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

    private static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
