package io.shoaldb.storage;

/**
 * A PostgreSQL interval value: months, days and microseconds are kept apart because their lengths differ
 * (a month is not always 30 days, a day not always 24 hours across a time-zone change). Comparison
 * follows PostgreSQL: a month counts as 30 days and a day as 24 hours, so '1 mon' equals '30 days'.
 */
public record Interval(int months, int days, long micros) implements Comparable<Interval> {

    public static final Interval ZERO = new Interval(0, 0, 0);
    public static final long MICROS_PER_DAY = 86_400_000_000L;

    /** Whole days of the comparison value (months as 30 days, microseconds carried into days). */
    public long comparableDays() {
        return months * 30L + days + Math.floorDiv(micros, MICROS_PER_DAY);
    }

    /** Microseconds within the last comparable day, in [0, MICROS_PER_DAY). */
    public long comparableMicros() {
        return Math.floorMod(micros, MICROS_PER_DAY);
    }

    @Override
    public int compareTo(Interval o) {
        int c = Long.compare(comparableDays(), o.comparableDays());
        return c != 0 ? c : Long.compare(comparableMicros(), o.comparableMicros());
    }
}
