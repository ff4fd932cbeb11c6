/**
 * State-machine images as immutable chunked byte sequences. An image ({@link io.shoaldb.image.ImageBytes})
 * is a list of byte arrays with a {@code long} length, so an image is not bounded by the 2 GiB limit of
 * one Java array and is never copied whole: a state machine writes it through an
 * {@link io.shoaldb.image.ImageWriter}, the WAL writes and reads it piece by piece, Raft sends ranges of
 * it as InstallSnapshot chunks and assembles received chunks into a new one, and a restore reads it
 * through an {@link io.shoaldb.image.ImageReader}. See docs/wal.md and docs/raft.md.
 */
package io.shoaldb.image;
