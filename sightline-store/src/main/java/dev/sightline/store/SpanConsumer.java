package dev.sightline.store;

import dev.sightline.model.Span;
import java.io.IOException;
import java.util.List;

/** Accepts spans for storage. */
public interface SpanConsumer {
  /**
   * Stores the spans. When this returns normally the spans are durable (in the write-ahead log or the
   * backend's equivalent) and will be searchable within the store's refresh interval (at most 1 s).
   * Throws when nothing of the batch can be guaranteed; the caller then must not acknowledge it.
   * {@link IllegalArgumentException} means the batch can never be stored as it is (for example it
   * encodes larger than the store's record limit), so retrying it unchanged will not help.
   */
  void accept(List<Span> spans) throws IOException;
}
