package dev.sightline.store;

import dev.sightline.model.LogRecord;
import java.io.IOException;
import java.util.List;

/** Accepts log records for storage; the {@code logs} dataset's counterpart of {@link SpanConsumer}. */
public interface LogConsumer {
  /**
   * Stores the records. When this returns normally they are durable (in the write-ahead log or the
   * backend's equivalent) and will be searchable within the store's refresh interval (at most 1 s).
   * Throws when nothing of the batch can be guaranteed; the caller then must not acknowledge it.
   * {@link IllegalArgumentException} means the batch can never be stored as it is (for example it
   * encodes larger than the store's record limit), so retrying it unchanged will not help.
   */
  void accept(List<LogRecord> records) throws IOException;
}
