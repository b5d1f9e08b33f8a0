package dev.sightline.store.wal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans the segments of a WAL directory at open time: validates every record, cuts off a torn tail (what
 * a crash mid-write leaves) and logs what it cut and, for a long scan, its progress.
 */
final class SegmentScan {
  private static final Logger log = LoggerFactory.getLogger(WriteAheadLog.class); // one logger for the WAL
  private static final long PROGRESS_LOG_INTERVAL_NANOS = 5_000_000_000L;

  private final Path dir;

  SegmentScan(Path dir) {
    this.dir = dir;
  }

  /** Adds the segments found, in order, and returns the last sequence number they hold. */
  long scanInto(List<WalSegment> out) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> SegmentFormat.firstSequenceOf(p) > 0)
          .sorted((a, b) -> Long.compare(SegmentFormat.firstSequenceOf(a), SegmentFormat.firstSequenceOf(b)))
          .toList();
    }
    long started = System.nanoTime();
    long lastProgress = started;
    long bytes = 0;
    long records = 0;
    long lastSequence = 0;
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      long first = SegmentFormat.firstSequenceOf(file);
      if (first <= lastSequence) {
        throw new IOException("WAL segment " + file + " starts at sequence " + first
            + " but an earlier segment already holds records up to " + lastSequence);
      }
      boolean isLast = i == files.size() - 1;
      long count = 0;
      long validBytes;
      try (SegmentReader reader = new SegmentReader(file)) {
        while (reader.next() != null) {
          count++;
        }
        validBytes = reader.validBytes();
        if (reader.problem() != null) {
          repair(file, reader, first + count, isLast);
        }
      }
      if (validBytes < SegmentFormat.HEADER_BYTES) { // header itself was torn: rewrite it
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
          ch.truncate(0).write(SegmentFormat.header(), 0);
          ch.force(true);
        }
        validBytes = SegmentFormat.HEADER_BYTES;
      }
      out.add(new WalSegment(first, file, validBytes));
      lastSequence = count == 0 ? first - 1 : first + count - 1;
      records += count;
      bytes += validBytes;
      long now = System.nanoTime();
      if (now - lastProgress > PROGRESS_LOG_INTERVAL_NANOS) {
        log.info("WAL {}: scanned {} of {} segments, {} records, {} MiB", dir, i + 1, files.size(),
            records, bytes >> 20);
        lastProgress = now;
      }
    }
    log.info("WAL {} opened: {} segments, {} records, last sequence {}, {} bytes, in {} ms", dir,
        files.size(), records, lastSequence, bytes, (System.nanoTime() - started) / 1_000_000);
    return lastSequence;
  }

  private void repair(Path file, SegmentReader reader, long firstLostSequence, boolean isLast)
      throws IOException {
    long cut = reader.fileSize() - reader.validBytes();
    if (isLast) {
      log.warn("WAL {}: truncating torn tail of {}: {}; cutting {} bytes after sequence {}"
          + " (a crash mid-write leaves this; every complete record is kept)", dir, file.getFileName(),
          reader.problem(), cut, firstLostSequence - 1);
    } else {
      log.error("WAL {}: segment {} is corrupt in the middle of the log: {}; cutting {} bytes, records from"
          + " sequence {} to the end of this segment are lost", dir, file.getFileName(), reader.problem(),
          cut, firstLostSequence);
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(Math.max(reader.validBytes(), 0));
      ch.force(true);
    }
  }

  static void fsyncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      log.debug("WAL {}: cannot fsync the directory on this platform: {}", dir, e.toString());
    }
  }
}
