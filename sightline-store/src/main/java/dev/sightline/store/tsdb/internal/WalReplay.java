package dev.sightline.store.tsdb.internal;

import dev.sightline.model.metric.Labels;
import dev.sightline.store.tsdb.chunk.ChunkIterator;
import dev.sightline.store.tsdb.chunk.XorChunk;
import dev.sightline.store.wal.WriteAheadLog;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Rebuilds the head from the WAL. WAL series ids map to head series by labels, so an id that a later
 * checkpoint renumbered still lands on the right series; samples already in blocks, or repeated by a
 * checkpoint, are skipped by the head's own ordering rules.
 */
final class WalReplay implements WalCodec.Visitor {
  private final Head head;
  private final WriteAheadLog wal;
  private final Logger log;
  private final Map<Integer, MemSeries> byWalId = new HashMap<>();
  private long records;
  private long samples;
  private long unknownRefs;

  WalReplay(Head head, WriteAheadLog wal, Logger log) {
    this.head = head;
    this.wal = wal;
    this.log = log;
  }

  void replay(long afterSequence) throws IOException {
    long startNanos = System.nanoTime();
    wal.replay(afterSequence, (seq, bytes) -> {
      records++;
      try {
        WalCodec.decode(bytes, this);
      } catch (CorruptDataException e) {
        throw new IOException("TSDB WAL " + wal.directory() + ", record " + seq + ": " + e.getMessage(), e);
      }
    });
    if (unknownRefs > 0) {
      log.warn("TSDB WAL replay: {} samples named a series id with no series record; skipped", unknownRefs);
    }
    log.info("TSDB WAL replay: {} records, {} samples into {} series in {} ms", records, samples,
        head.numSeries(), (System.nanoTime() - startNanos) / 1_000_000);
  }

  @Override
  public void series(int id, Labels labels) {
    MemSeries s = head.getOrCreateForReplay(id, labels);
    s.logged = true;
    byWalId.put(id, s);
  }

  @Override
  public void sample(int id, long t, double v) {
    MemSeries s = byWalId.get(id);
    if (s == null) {
      unknownRefs++;
    } else if (head.append(s, t, v)) {
      samples++;
    }
  }

  @Override
  public void chunk(int id, XorChunk chunk) {
    MemSeries s = byWalId.get(id);
    if (s == null) {
      unknownRefs += chunk.numSamples();
      return;
    }
    ChunkIterator it = chunk.iterator();
    while (it.next()) {
      if (head.append(s, it.timestamp(), it.value())) {
        samples++;
      }
    }
  }
}
