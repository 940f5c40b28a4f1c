package org.stackbox.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stackbox.common.Json;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Each service's fault body, byte for byte as the clients read it. */
@Timeout(10)
class FaultStyleTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "BAD_REQUEST|{\"badRequest\":{\"code\":400,\"message\":\"m\"}}",
            "UNAUTHORIZED|{\"unauthorized\":{\"code\":401,\"message\":\"m\"}}",
            "FORBIDDEN|{\"forbidden\":{\"code\":403,\"message\":\"m\"}}",
            "NOT_FOUND|{\"itemNotFound\":{\"code\":404,\"message\":\"m\"}}",
            "METHOD_NOT_ALLOWED|{\"methodNotAllowed\":{\"code\":405,\"message\":\"m\"}}",
            "NOT_ACCEPTABLE|{\"notAcceptable\":{\"code\":406,\"message\":\"m\"}}",
            "CONFLICT|{\"conflict\":{\"code\":409,\"message\":\"m\"}}",
            "OVER_LIMIT|{\"overLimit\":{\"code\":413,\"message\":\"m\"}}",
            "UNSUPPORTED_MEDIA_TYPE|{\"unsupportedMediaType\":{\"code\":415,\"message\":\"m\"}}",
            "INTERNAL|{\"internalServerError\":{\"code\":500,\"message\":\"m\"}}",
            "NOT_IMPLEMENTED|{\"notImplemented\":{\"code\":501,\"message\":\"m\"}}",
            "SERVICE_UNAVAILABLE|{\"serviceUnavailable\":{\"code\":503,\"message\":\"m\"}}",
    })
    void novaAndCinderNameTheFaultAndRepeatTheCode(HttpFault code, String body) {
        assertThat(Json.write(FaultStyle.OPENSTACK.body(code, "m"))).isEqualTo(body);
        assertThat(Json.write(FaultStyle.OPENSTACK.body(code, "m", Optional.of("Ignored")))).isEqualTo(body);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "BAD_REQUEST|{\"error\":{\"code\":400,\"message\":\"m\",\"title\":\"Bad Request\"}}",
            "UNAUTHORIZED|{\"error\":{\"code\":401,\"message\":\"m\",\"title\":\"Unauthorized\"}}",
            "FORBIDDEN|{\"error\":{\"code\":403,\"message\":\"m\",\"title\":\"Forbidden\"}}",
            "NOT_FOUND|{\"error\":{\"code\":404,\"message\":\"m\",\"title\":\"Not Found\"}}",
            "CONFLICT|{\"error\":{\"code\":409,\"message\":\"m\",\"title\":\"Conflict\"}}",
            "INTERNAL|{\"error\":{\"code\":500,\"message\":\"m\",\"title\":\"Internal Server Error\"}}",
    })
    void keystoneAddsTheTitle(HttpFault code, String body) {
        assertThat(Json.write(FaultStyle.KEYSTONE.body(code, "m"))).isEqualTo(body);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "BAD_REQUEST|{\"NeutronError\":{\"type\":\"HTTPBadRequest\",\"message\":\"m\",\"detail\":\"\"}}",
            "UNAUTHORIZED|{\"NeutronError\":{\"type\":\"HTTPUnauthorized\",\"message\":\"m\",\"detail\":\"\"}}",
            "FORBIDDEN|{\"NeutronError\":{\"type\":\"HTTPForbidden\",\"message\":\"m\",\"detail\":\"\"}}",
            "NOT_FOUND|{\"NeutronError\":{\"type\":\"HTTPNotFound\",\"message\":\"m\",\"detail\":\"\"}}",
            "METHOD_NOT_ALLOWED|{\"NeutronError\":{\"type\":\"HTTPMethodNotAllowed\",\"message\":\"m\",\"detail\":\"\"}}",
            "CONFLICT|{\"NeutronError\":{\"type\":\"HTTPConflict\",\"message\":\"m\",\"detail\":\"\"}}",
            "INTERNAL|{\"NeutronError\":{\"type\":\"HTTPInternalServerError\",\"message\":\"m\",\"detail\":\"\"}}",
    })
    void neutronNamesTheBareHttpError(HttpFault code, String body) {
        assertThat(Json.write(FaultStyle.NEUTRON.body(code, "m"))).isEqualTo(body);
        assertThat(Json.write(FaultStyle.NEUTRON.body(code, "m", Optional.empty()))).isEqualTo(body);
    }

    @Test
    void neutronNamesTheFailuresOwnType() {
        assertThat(Json.write(FaultStyle.NEUTRON.body(HttpFault.NOT_FOUND, "Network x could not be found.",
                Optional.of("NetworkNotFound")))).isEqualTo("{\"NeutronError\":{\"type\":\"NetworkNotFound\","
                + "\"message\":\"Network x could not be found.\",\"detail\":\"\"}}");
    }
}
