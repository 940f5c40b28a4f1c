package org.stackbox.compute;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * Nova's {@code instance_usage_audit_period}: periods of an hour, a day, a month or a year, in UTC, that begin at the
 * start of their unit or at an offset into it ({@code day@18} begins at 18:00, {@code month@15} on the 15th,
 * {@code year@3} on March 1st, {@code hour@30} at half past). {@link #lastCompleted} is Nova's
 * {@code utils.last_completed_audit_period}.
 *
 * @param offset minutes for an hour, hours for a day, the day of a month, the month of a year
 */
public record AuditPeriod(Unit unit, int offset) {
    public enum Unit {
        HOUR(0, 59), DAY(0, 23), MONTH(1, 28), YEAR(1, 12);

        private final int lowest;
        private final int highest;

        Unit(int lowest, int highest) {
            this.lowest = lowest;
            this.highest = highest;
        }
    }

    /** One period: its beginning is the ending of the one before. */
    public record Period(Instant beginning, Instant ending) {
        public Period {
            requireNonNull(beginning, "beginning is null");
            requireNonNull(ending, "ending is null");
        }
    }

    public AuditPeriod {
        requireNonNull(unit, "unit is null");
        // Nova reads a month's or a year's offset 0 as 1; a month offset past the 28th has no day in February.
        if (offset == 0 && (unit == Unit.MONTH || unit == Unit.YEAR)) {
            offset = 1;
        }
        if (offset < unit.lowest || offset > unit.highest) {
            throw new IllegalArgumentException("The offset of a %s period is %d to %d, not %d".formatted(
                    unit.name().toLowerCase(Locale.ROOT), unit.lowest, unit.highest, offset));
        }
    }

    /** Nova's default, {@code month}. */
    public static AuditPeriod monthly() {
        return new AuditPeriod(Unit.MONTH, 1);
    }

    /** Reads Nova's notation: {@code hour}, {@code day}, {@code month} or {@code year}, optionally {@code @offset}. */
    public static AuditPeriod parse(String text) {
        requireNonNull(text, "text is null");
        String[] parts = text.split("@", 2);
        Unit unit;
        try {
            unit = Unit.valueOf(parts[0].trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("An audit period is hour, day, month or year, not " + text);
        }
        try {
            return new AuditPeriod(unit, parts.length == 2 ? Integer.parseInt(parts[1].trim()) : 0);
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("The offset of an audit period is a number, not " + parts[1]);
        }
    }

    /** The period most recently completed before {@code before}: one that ends exactly then is not yet complete. */
    public Period lastCompleted(Instant before) {
        LocalDateTime now = LocalDateTime.ofInstant(requireNonNull(before, "before is null"), ZoneOffset.UTC);
        LocalDateTime end = switch (unit) {
            case HOUR -> now.withMinute(offset).withSecond(0).withNano(0);
            case DAY -> now.toLocalDate().atTime(offset, 0);
            case MONTH -> now.toLocalDate().withDayOfMonth(offset).atStartOfDay();
            case YEAR -> LocalDateTime.of(now.getYear(), offset, 1, 0, 0);
        };
        if (!end.isBefore(now)) {
            end = shifted(end, -1);
        }
        return new Period(shifted(end, -1).toInstant(ZoneOffset.UTC), end.toInstant(ZoneOffset.UTC));
    }

    /**
     * When the period under way ends, the next moment an audit has a new period to run for (the period that ends then
     * is complete just after it).
     */
    public Instant nextEnding(Instant now) {
        LocalDateTime end = LocalDateTime.ofInstant(lastCompleted(now).ending(), ZoneOffset.UTC);
        return shifted(end, 1).toInstant(ZoneOffset.UTC);
    }

    /** The time {@code periods} periods after {@code end} (before it when negative). */
    private LocalDateTime shifted(LocalDateTime end, int periods) {
        return switch (unit) {
            case HOUR -> end.plusHours(periods);
            case DAY -> end.plusDays(periods);
            case MONTH -> end.plusMonths(periods);
            case YEAR -> end.plusYears(periods);
        };
    }

    @Override
    public String toString() {
        return unit.name().toLowerCase(Locale.ROOT) + "@" + offset;
    }
}
