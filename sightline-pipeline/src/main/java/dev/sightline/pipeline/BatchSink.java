package dev.sightline.pipeline;

import java.io.IOException;
import java.util.List;

/** Where an {@link IngestQueue} delivers merged batches; durable when {@code accept} returns. */
@FunctionalInterface
public interface BatchSink<T> {
  void accept(List<T> items) throws IOException;
}
