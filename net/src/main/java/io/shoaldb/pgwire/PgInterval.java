package io.shoaldb.pgwire;

/**
 * A PostgreSQL interval: months, days and microseconds are kept apart because their lengths differ
 * (a month is not 30 days, a day is not always 24 hours across a time-zone change).
 */
public record PgInterval(int months, int days, long micros) {

    public static final PgInterval ZERO = new PgInterval(0, 0, 0);
}
