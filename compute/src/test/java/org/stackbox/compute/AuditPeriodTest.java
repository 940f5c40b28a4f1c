package org.stackbox.compute;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Nova's {@code last_completed_audit_period}: the cases of Nova's own AuditPeriodTest (2012-03-05 08:12:23), then the
 * turns of a month and a year, a leap year's February, a period that ends exactly at the time asked about, and when
 * the period under way ends.
 */
class AuditPeriodTest {
    @ParameterizedTest(name = "{0} before {1}")
    @CsvSource({
            // Nova's AuditPeriodTest
            "hour,     2012-03-05T08:12:23Z, 2012-03-05T07:00:00Z, 2012-03-05T08:00:00Z",
            "hour@10,  2012-03-05T08:12:23Z, 2012-03-05T07:10:00Z, 2012-03-05T08:10:00Z",
            "hour@30,  2012-03-05T08:12:23Z, 2012-03-05T06:30:00Z, 2012-03-05T07:30:00Z",
            "day,      2012-03-05T08:12:23Z, 2012-03-04T00:00:00Z, 2012-03-05T00:00:00Z",
            "day@6,    2012-03-05T08:12:23Z, 2012-03-04T06:00:00Z, 2012-03-05T06:00:00Z",
            "day@10,   2012-03-05T08:12:23Z, 2012-03-03T10:00:00Z, 2012-03-04T10:00:00Z",
            "month,    2012-03-05T08:12:23Z, 2012-02-01T00:00:00Z, 2012-03-01T00:00:00Z",
            "month@2,  2012-03-05T08:12:23Z, 2012-02-02T00:00:00Z, 2012-03-02T00:00:00Z",
            "month@15, 2012-03-05T08:12:23Z, 2012-01-15T00:00:00Z, 2012-02-15T00:00:00Z",
            "year,     2012-03-05T08:12:23Z, 2011-01-01T00:00:00Z, 2012-01-01T00:00:00Z",
            "year@2,   2012-03-05T08:12:23Z, 2011-02-01T00:00:00Z, 2012-02-01T00:00:00Z",
            "year@6,   2012-03-05T08:12:23Z, 2010-06-01T00:00:00Z, 2011-06-01T00:00:00Z",
            // the turn of a year: January's month is December, a day's is New Year's Eve
            "month,    2026-01-20T10:00:00Z, 2025-12-01T00:00:00Z, 2026-01-01T00:00:00Z",
            "month@15, 2026-01-10T10:00:00Z, 2025-11-15T00:00:00Z, 2025-12-15T00:00:00Z",
            "month@15, 2026-02-10T10:00:00Z, 2025-12-15T00:00:00Z, 2026-01-15T00:00:00Z",
            "day,      2026-01-01T00:30:00Z, 2025-12-31T00:00:00Z, 2026-01-01T00:00:00Z",
            "hour,     2026-01-01T00:30:00Z, 2025-12-31T23:00:00Z, 2026-01-01T00:00:00Z",
            "day@18,   2026-01-01T10:00:00Z, 2025-12-30T18:00:00Z, 2025-12-31T18:00:00Z",
            // February and a leap day
            "month,    2024-03-01T00:00:01Z, 2024-02-01T00:00:00Z, 2024-03-01T00:00:00Z",
            "day,      2024-03-01T00:00:01Z, 2024-02-29T00:00:00Z, 2024-03-01T00:00:00Z",
            "month@28, 2026-03-01T00:00:00Z, 2026-01-28T00:00:00Z, 2026-02-28T00:00:00Z",
            // a period that ends exactly then is not yet complete (Nova's end >= rightnow)
            "month,    2026-12-01T00:00:00Z, 2026-10-01T00:00:00Z, 2026-11-01T00:00:00Z",
            "month,    2026-12-01T00:00:00.001Z, 2026-11-01T00:00:00Z, 2026-12-01T00:00:00Z",
            "year,     2026-01-01T00:00:00Z, 2024-01-01T00:00:00Z, 2025-01-01T00:00:00Z",
            "hour,     2026-12-06T06:00:00Z, 2026-12-06T04:00:00Z, 2026-12-06T05:00:00Z",
            // Nova reads an offset 0 of a month or a year as 1
            "month@0,  2026-12-06T06:00:00Z, 2026-11-01T00:00:00Z, 2026-12-01T00:00:00Z",
            "year@0,   2026-12-06T06:00:00Z, 2025-01-01T00:00:00Z, 2026-01-01T00:00:00Z",
    })
    void lastCompletedIsNovas(String period, String before, String beginning, String ending) {
        AuditPeriod.Period found = AuditPeriod.parse(period).lastCompleted(Instant.parse(before));
        assertThat(found).isEqualTo(new AuditPeriod.Period(Instant.parse(beginning), Instant.parse(ending)));
    }

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({
            "hour,     2026-12-06T06:12:00Z, 2026-12-06T07:00:00Z",
            "hour,     2026-12-06T06:00:00Z, 2026-12-06T06:00:00Z",
            "day@18,   2026-12-06T19:00:00Z, 2026-12-07T18:00:00Z",
            "month,    2026-12-06T06:12:00Z, 2027-01-01T00:00:00Z",
            "month,    2026-01-31T23:59:59Z, 2026-02-01T00:00:00Z",
            "month@15, 2026-12-15T00:00:00Z, 2026-12-15T00:00:00Z",
            "year@3,   2026-12-06T06:12:00Z, 2027-03-01T00:00:00Z",
    })
    void thePeriodUnderWayEndsWhenTheNextAuditIsDue(String period, String now, String ending) {
        AuditPeriod audit = AuditPeriod.parse(period);
        Instant at = Instant.parse(now);
        assertThat(audit.nextEnding(at)).isEqualTo(Instant.parse(ending));
        assertThat(audit.lastCompleted(Instant.parse(ending).plusMillis(1)).ending())
                .as("the period that ends then is the next one audited").isEqualTo(Instant.parse(ending));
        assertThat(audit.lastCompleted(Instant.parse(ending).plusMillis(1)))
                .isNotEqualTo(audit.lastCompleted(at));
    }

    @Test
    void novasNotationIsReadAndNothingElse() {
        assertThat(AuditPeriod.parse("month")).isEqualTo(AuditPeriod.monthly());
        assertThat(AuditPeriod.parse("day@18")).isEqualTo(new AuditPeriod(AuditPeriod.Unit.DAY, 18));
        assertThat(AuditPeriod.parse("Year@3").toString()).isEqualTo("year@3");
        assertThatThrownBy(() -> AuditPeriod.parse("week")).hasMessageContaining("hour, day, month or year");
        assertThatThrownBy(() -> AuditPeriod.parse("day@x")).hasMessageContaining("a number");
        assertThatThrownBy(() -> AuditPeriod.parse("day@24")).hasMessageContaining("0 to 23");
        assertThatThrownBy(() -> AuditPeriod.parse("month@31")).hasMessageContaining("1 to 28");
        assertThatThrownBy(() -> AuditPeriod.parse("year@13")).hasMessageContaining("1 to 12");
        assertThatThrownBy(() -> AuditPeriod.parse("hour@-1")).hasMessageContaining("0 to 59");
    }
}
