package dev.sightline.store.tsdb.internal;

import dev.sightline.model.metric.Labels;
import dev.sightline.store.tsdb.chunk.ChunkEncoder;
import dev.sightline.store.tsdb.chunk.XorChunk;
import java.util.ArrayList;
import java.util.List;

/**
 * One series in the head: closed chunks plus the open one. Guarded by its own monitor so that appends to
 * different series never contend. A chunk is closed at {@code maxSamplesPerChunk} samples or when a
 * sample falls in the next block window, so that no chunk ever straddles two blocks.
 */
final class MemSeries {
  final int id;
  final Labels labels;
  private final List<XorChunk> closed = new ArrayList<>();
  private ChunkEncoder open;
  private long lastTime = Long.MIN_VALUE;
  private long lastValueBits;
  /** True once a WAL record names this series; guarded by the head's commit lock. */
  boolean logged;

  enum Outcome { APPEND, DUPLICATE, OUT_OF_ORDER, DUPLICATE_TIMESTAMP }

  MemSeries(int id, Labels labels) {
    this.id = id;
    this.labels = labels;
  }

  /** What appending after {@code (prevTime, prevBits)} would do; the caller tracks a batch's own order. */
  static Outcome classify(long prevTime, long prevBits, long t, double v) {
    if (t > prevTime) {
      return Outcome.APPEND;
    }
    if (t == prevTime) {
      return Double.doubleToRawLongBits(v) == prevBits ? Outcome.DUPLICATE : Outcome.DUPLICATE_TIMESTAMP;
    }
    return Outcome.OUT_OF_ORDER;
  }

  synchronized long lastTime() {
    return lastTime;
  }

  synchronized long lastValueBits() {
    return lastValueBits;
  }

  /** Appends when {@code t} is after the last sample; returns false (and stores nothing) otherwise. */
  synchronized boolean append(long t, double v, long chunkRange, int maxSamplesPerChunk) {
    if (t <= lastTime) {
      return false;
    }
    if (open != null && (open.numSamples() >= maxSamplesPerChunk
        || Math.floorDiv(t, chunkRange) != Math.floorDiv(open.minTime(), chunkRange))) {
      closed.add(open.toChunk());
      open = null;
    }
    if (open == null) {
      open = new ChunkEncoder();
    }
    open.append(t, v);
    lastTime = t;
    lastValueBits = Double.doubleToRawLongBits(v);
    return true;
  }

  synchronized void collect(long mint, long maxt, SampleBuffer out) {
    for (XorChunk c : closed) {
      out.addRange(c, mint, maxt);
    }
    if (open != null && open.maxTime() >= mint && open.minTime() <= maxt) {
      out.addRange(open.iterator(), mint, maxt);
    }
  }

  synchronized boolean overlaps(long mint, long maxt) {
    long min = minTime();
    return min != Long.MAX_VALUE && min <= maxt && lastTime >= mint;
  }

  synchronized long minTime() {
    if (!closed.isEmpty()) {
      return closed.get(0).minTime();
    }
    return open == null ? Long.MAX_VALUE : open.minTime();
  }

  /** Chunks whose samples lie in [mint, maxtExclusive), the open one as a snapshot. */
  synchronized List<XorChunk> chunks(long mint, long maxtExclusive) {
    List<XorChunk> out = new ArrayList<>();
    for (XorChunk c : closed) {
      if (c.minTime() >= mint && c.maxTime() < maxtExclusive) {
        out.add(c);
      }
    }
    if (open != null && open.minTime() >= mint && open.maxTime() < maxtExclusive) {
      out.add(open.toChunk());
    }
    return out;
  }

  /** All chunks, the open one as a snapshot; for the WAL checkpoint. */
  synchronized List<XorChunk> allChunks() {
    List<XorChunk> out = new ArrayList<>(closed);
    if (open != null) {
      out.add(open.toChunk());
    }
    return out;
  }

  /** Drops chunks that end before {@code t}; returns true when nothing is left. */
  synchronized boolean truncateBefore(long t) {
    closed.removeIf(c -> c.maxTime() < t);
    if (open != null && open.maxTime() < t) {
      open = null;
    }
    return closed.isEmpty() && open == null;
  }

  synchronized int numSamples() {
    int n = open == null ? 0 : open.numSamples();
    for (XorChunk c : closed) {
      n += c.numSamples();
    }
    return n;
  }

  /** Approximate heap held by the chunks (the labels are shared with the index and counted there). */
  synchronized long chunkBytes() {
    long b = open == null ? 0 : open.memoryBytes();
    for (XorChunk c : closed) {
      b += c.bytes().length + 40;
    }
    return b;
  }
}
