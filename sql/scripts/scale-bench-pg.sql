-- The data and queries of io.shoaldb.bench.SqlScaleBench for PostgreSQL 15 on the same machine.
-- psql -X -f sql/scripts/scale-bench-pg.sql   (prints \timing for each query; run each three times)
DROP TABLE IF EXISTS big; DROP TABLE IF EXISTS small;
CREATE TABLE big (id INT PRIMARY KEY, grp INT, val BIGINT, small_id INT);
CREATE TABLE small (id INT PRIMARY KEY, name TEXT);
INSERT INTO small SELECT i, 'name-' || i FROM generate_series(0, 99999) i;
INSERT INTO big SELECT i, i % 1000, (i::bigint * 31) % 100003, i % 100000 FROM generate_series(0, 999999) i;
VACUUM ANALYZE big; VACUUM ANALYZE small;
SET max_parallel_workers_per_gather = 0;
\timing on
SELECT count(*) FROM big WHERE val % 7 = 3;
SELECT count(*) FROM big WHERE val % 7 = 3;
SELECT count(*) FROM big WHERE val % 7 = 3;
SELECT count(*) FROM (SELECT grp, count(*), sum(val) FROM big GROUP BY grp) g;
SELECT count(*) FROM (SELECT grp, count(*), sum(val) FROM big GROUP BY grp) g;
SELECT count(*) FROM (SELECT grp, count(*), sum(val) FROM big GROUP BY grp) g;
SELECT count(*) FROM big b JOIN small s ON b.small_id = s.id;
SELECT count(*) FROM big b JOIN small s ON b.small_id = s.id;
SELECT count(*) FROM big b JOIN small s ON b.small_id = s.id;
