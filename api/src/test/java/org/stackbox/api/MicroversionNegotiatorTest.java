package org.stackbox.api;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Which microversion a request gets from its headers, as Nova (2.1 to 2.95) and Cinder (3.0 to 3.70) pick it. */
@Timeout(10)
class MicroversionNegotiatorTest {
    private static final MicroversionNegotiator COMPUTE = new MicroversionNegotiator("compute",
            new Microversion(2, 1), new Microversion(2, 95), "X-OpenStack-Nova-API-Version");
    private static final MicroversionNegotiator VOLUME = new MicroversionNegotiator("volume",
            new Microversion(3, 0), new Microversion(3, 70), null);

    private static MicroversionNegotiator service(String name) {
        return name.equals("compute") ? COMPUTE : VOLUME;
    }

    @ParameterizedTest(name = "{0}: [{1}] [{2}] -> {3}")
    @CsvSource(delimiter = '|', value = {
            // No header: the minimum.
            "compute|||2.1",
            "volume|||3.0",
            // The legacy header, alone (novaclient sends both, OpenStackSDK the new one).
            "compute||2.79|2.79",
            "compute||latest|2.95",
            "compute||2.1|2.1",
            // OpenStack-API-Version, with the service type in any case and any spacing.
            "compute|compute 2.79||2.79",
            "compute|COMPUTE   2.60||2.60",
            "compute|compute latest||2.95",
            "compute|compute LATEST||2.95",
            "volume|volume 3.53||3.53",
            "volume|volume latest||3.70",
            // Several services in one header: this one's entry counts.
            "compute|volume 3.10, compute 2.42||2.42",
            "volume|volume 3.10, compute 2.42||3.10",
            // The new header wins over the legacy one; an entry for another service leaves the legacy one.
            "compute|compute 2.42|2.10|2.42",
            "compute|volume 3.10|2.10|2.10",
            "compute|volume 3.10||2.1",
            // A malformed entry (no version) does not name the service.
            "compute|compute||2.1",
    })
    void picksTheRequestedVersion(String service, String header, String legacy, String expected) {
        assertThat(service(service).resolve(header, legacy)).hasToString(expected);
    }

    @ParameterizedTest(name = "{0}: [{1}] [{2}] -> {3}")
    @CsvSource(delimiter = '|', value = {
            "compute|compute 2.96||406|Version 2.96 is not supported by the API. Minimum is 2.1 and maximum is 2.95.",
            "compute|compute 2.0||406|Version 2.0 is not supported by the API. Minimum is 2.1 and maximum is 2.95.",
            "compute||3.0|406|Version 3.0 is not supported by the API. Minimum is 2.1 and maximum is 2.95.",
            "volume|volume 3.71||406|Version 3.71 is not supported by the API. Minimum is 3.0 and maximum is 3.70.",
            "volume|volume 2.0||406|Version 2.0 is not supported by the API. Minimum is 3.0 and maximum is 3.70.",
            "compute|compute 2||400|API Version String 2 is of invalid format. Must be of format MajorNum.MinorNum.",
            "compute|compute 2.01||400|API Version String 2.01 is of invalid format. Must be of format MajorNum.MinorNum.",
            "compute|compute 2.1.1||400|API Version String 2.1.1 is of invalid format. Must be of format MajorNum.MinorNum.",
            "compute||abc|400|API Version String abc is of invalid format. Must be of format MajorNum.MinorNum.",
            "volume|volume 3.x||400|API Version String 3.x is of invalid format. Must be of format MajorNum.MinorNum.",
            "compute||-2.1|400|API Version String -2.1 is of invalid format. Must be of format MajorNum.MinorNum.",
    })
    void refusesWhatTheServiceRefuses(String service, String header, String legacy, int status, String message) {
        ApiException failure = catchThrowableOfType(() -> service(service).resolve(header, legacy),
                ApiException.class);
        assertThat(failure).isNotNull();
        assertThat(failure.code().status()).isEqualTo(status);
        assertThat(failure.getMessage()).isEqualTo(message);
    }
}
