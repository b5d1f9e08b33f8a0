package dev.sightline.store;

import java.io.Closeable;

/**
 * Storage for events (spans and log records), shaped like Zipkin's {@code StorageComponent}:
 * it hands out narrow interfaces and does no I/O until one of them is first used or {@link #start()}
 * is called.
 *
 * <p>Every implementation binds the abstract conformance suite in this module's test-jar.
 */
public interface EventStore extends Closeable {
  /** Opens files, recovers from the write-ahead log. Idempotent. Progress of a long recovery is logged. */
  void start() throws java.io.IOException;

  SpanConsumer spanConsumer();

  SpanStore spanStore();

  /** Stores log records (the {@code logs} dataset). */
  LogConsumer logConsumer();

  /** Filter-and-time-range search over the {@code logs} and {@code spans} datasets, as rows. */
  EventSearch eventSearch();

  /** Readiness: can the store accept writes now? Never throws. */
  CheckResult check();
}
