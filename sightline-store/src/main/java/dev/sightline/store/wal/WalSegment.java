package dev.sightline.store.wal;

import java.nio.file.Path;

/** A segment file of the log and its current size; sizes change only under the log's lock. */
final class WalSegment {
  final long firstSequence;
  final Path path;
  long size;

  WalSegment(long firstSequence, Path path, long size) {
    this.firstSequence = firstSequence;
    this.path = path;
    this.size = size;
  }
}
