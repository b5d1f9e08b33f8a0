/**
 * A generic write-ahead log of opaque records ({@link dev.sightline.store.wal.WriteAheadLog}), shared
 * by the event store and the TSDB.
 *
 * <p>Why this shape: records carry no sequence number of their own (a segment file is named by its
 * first sequence), each frame is {@code [length][crc32c(length, payload)][payload]} so a torn write is
 * found by its checksum and cut off at open, and a batch is one gathering write plus one fsync, which
 * makes the caller's batching the group commit. After a failed write or fsync the log refuses further
 * writes (its state on disk is unknown, and retrying an fsync can report success for lost pages) and
 * {@code check()} says so until a restart recovers from what is on disk.
 */
package dev.sightline.store.wal;
