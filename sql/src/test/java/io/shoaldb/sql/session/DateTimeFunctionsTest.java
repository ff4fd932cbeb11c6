package io.shoaldb.sql.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shoaldb.sql.catalog.PgType;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The result types a client sees (RowDescription's OIDs) for the date/time functions, as PostgreSQL 15
 * reports them: extract is numeric (with the value's own scale), date_part double precision, date_trunc
 * keeps a timestamp and makes a date a timestamptz. The values themselves are in datetime_functions.test.
 */
class DateTimeFunctionsTest {
    private final Session s = new SqlEngine().openSession();

    private List<PgType> types(String sql) {
        return s.execute(sql, List.of()).columns().stream().map(c -> c.type()).toList();
    }

    @Test
    void resultTypesArePostgresOnes() {
        assertEquals(List.of(PgType.NUMERIC, PgType.FLOAT8, PgType.NUMERIC), types(
                "SELECT extract(epoch FROM timestamp '2020-01-02 03:04:05'), date_part('epoch', date '2020-01-02'),"
                        + " extract(year FROM date '2020-01-02')"));
        assertEquals(List.of(PgType.TIMESTAMP, PgType.TIMESTAMPTZ, PgType.TIMESTAMPTZ, PgType.INTERVAL), types(
                "SELECT date_trunc('day', timestamp '2020-01-02 03:04:05'), date_trunc('month', date '2020-05-05'),"
                        + " date_trunc('day', '2020-01-02 03:04:05+00'::timestamptz, 'UTC'), date_trunc('hour', interval '1 day 02:03:04')"));
        assertEquals(List.of(PgType.TEXT, PgType.DATE, PgType.TIMESTAMPTZ, PgType.DATE, PgType.TIMESTAMP, PgType.INTERVAL), types(
                "SELECT to_char(1, '9'), to_date('2020-01-02', 'YYYY-MM-DD'), to_timestamp(0), make_date(2020, 1, 2),"
                        + " make_timestamp(2020, 1, 2, 3, 4, 5), make_interval(1)"));
        assertEquals(List.of("extract", "date_part", "date_trunc", "to_char"), s.execute(
                "SELECT extract(year FROM date '2020-01-02'), date_part('year', date '2020-01-02'),"
                        + " date_trunc('year', date '2020-01-02'), to_char(1, '9')", List.of())
                .columns().stream().map(c -> c.name()).toList());
    }

    @Test
    void extractKeepsPostgresScales() {
        Object[] row = s.execute("SELECT extract(second FROM timestamp '2020-01-02 03:04:05.5'),"
                + " extract(milliseconds FROM time '01:02:03.5'), extract(epoch FROM interval '1.5 s'),"
                + " extract(day FROM date '2020-01-02')", List.of()).rows().get(0);
        assertEquals(new BigDecimal("5.500000"), row[0]);
        assertEquals(new BigDecimal("3500.000"), row[1]);
        assertEquals(new BigDecimal("1.500000"), row[2]);
        assertEquals(new BigDecimal("2"), row[3]);
    }
}
