/** Write-ahead log figures: group-committed saves per second and fsyncs per second on the production file disk. */
package io.shoaldb.bench.wal;
