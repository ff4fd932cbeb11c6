package io.shoaldb.pgwire;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/**
 * Text forms of the date/time types: date, time, timestamp and timestamptz delegate to the engine's
 * {@link io.shoaldb.sql.exec.DateTimeText}, interval to {@link io.shoaldb.sql.exec.IntervalText}, the one
 * implementations of those. Years before 1 AD are printed with a " BC" suffix as PostgreSQL does (Java's year 0 is 1 BC).
 * The special values 'infinity' and 'epoch' are not supported and are rejected with a clear error.
 */
final class DateTimeText {
    private DateTimeText() {
    }

    static String formatDate(LocalDate date) {
        return io.shoaldb.sql.exec.DateTimeText.formatDate(date);
    }

    static String formatTime(LocalTime time) {
        return io.shoaldb.sql.exec.DateTimeText.formatTime(time);
    }

    static String formatTimestamp(LocalDateTime ts) {
        return io.shoaldb.sql.exec.DateTimeText.formatTimestamp(ts);
    }

    static String formatTimestamptz(OffsetDateTime ts, ZoneId zone) {
        return io.shoaldb.sql.exec.DateTimeText.formatTimestamptz(ts, zone);
    }

    /** IntervalStyle postgres: the engine's one implementation ({@link io.shoaldb.sql.exec.IntervalText}). */
    static String formatInterval(io.shoaldb.storage.Interval interval) {
        return io.shoaldb.sql.exec.IntervalText.format(interval);
    }

    static LocalDate parseDate(String text) {
        try {
            return io.shoaldb.sql.exec.DateTimeText.parseDate(text);
        } catch (io.shoaldb.sql.error.SqlException e) {
            throw ShoalSqlEngine.translate(e);
        }
    }

    static LocalTime parseTime(String text) {
        try {
            return io.shoaldb.sql.exec.DateTimeText.parseTime(text);
        } catch (io.shoaldb.sql.error.SqlException e) {
            throw ShoalSqlEngine.translate(e);
        }
    }

    static LocalDateTime parseTimestamp(String text) {
        try {
            return io.shoaldb.sql.exec.DateTimeText.parseTimestamp(text);
        } catch (io.shoaldb.sql.error.SqlException e) {
            throw ShoalSqlEngine.translate(e);
        }
    }

    static OffsetDateTime parseTimestamptz(String text, ZoneId zone) {
        try {
            return io.shoaldb.sql.exec.DateTimeText.parseTimestamptz(text, zone);
        } catch (io.shoaldb.sql.error.SqlException e) {
            throw ShoalSqlEngine.translate(e);
        }
    }

    static io.shoaldb.storage.Interval parseInterval(String text) {
        try {
            return io.shoaldb.sql.exec.IntervalText.parse(text);
        } catch (io.shoaldb.sql.error.SqlException e) {
            throw ShoalSqlEngine.translate(e);
        }
    }
}
