package dev.sightline.store.wal;

import java.io.IOException;

/** Receives records during {@link WriteAheadLog#replay(long, RecordVisitor)}, in sequence order. */
@FunctionalInterface
public interface RecordVisitor {
  /** Called once per record; the array is the visitor's to keep. Throwing stops the replay. */
  void accept(long sequence, byte[] record) throws IOException;
}
