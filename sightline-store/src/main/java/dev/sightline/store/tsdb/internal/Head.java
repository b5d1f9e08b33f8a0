package dev.sightline.store.tsdb.internal;

import dev.sightline.model.metric.Labels;
import dev.sightline.store.metrics.LabelMatcher;
import dev.sightline.store.tsdb.TsdbLimits;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-memory, writable part of the TSDB: series by labels and by id, the postings index and the
 * cardinality tracker. Samples older than {@link #minValidTime()} belong to persisted blocks and are
 * refused. {@link #commitLock} serialises commits with each other and with block cuts, so that the order
 * of samples in the WAL is the order in which they were applied.
 */
public final class Head {
  final ReentrantLock commitLock = new ReentrantLock();
  private final ConcurrentHashMap<Labels, MemSeries> byLabels = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Integer, MemSeries> byId = new ConcurrentHashMap<>();
  private final HeadIndex index = new HeadIndex();
  private final CardinalityTracker cardinality;
  private final long chunkRange;
  private final int maxSamplesPerChunk;
  private int nextId = 1; // guarded by createLock
  private final Object createLock = new Object();
  private volatile long minValidTime = Long.MIN_VALUE;
  private final AtomicLong maxTime = new AtomicLong(Long.MIN_VALUE);

  /** A lookup that created a series, found one, or was refused by a limit. */
  record Admission(MemSeries series, boolean created, String rejection) {}

  public Head(TsdbLimits limits, long chunkRange, int maxSamplesPerChunk) {
    this.cardinality = new CardinalityTracker(limits);
    this.chunkRange = chunkRange;
    this.maxSamplesPerChunk = maxSamplesPerChunk;
  }

  MemSeries get(Labels labels) {
    return byLabels.get(labels);
  }

  MemSeries byId(int id) {
    return byId.get(id);
  }

  /** Finds or creates the series, checking the limits for a new one. */
  Admission getOrCreate(Labels labels) {
    MemSeries s = byLabels.get(labels);
    if (s != null) {
      return new Admission(s, false, null);
    }
    synchronized (createLock) {
      s = byLabels.get(labels);
      if (s != null) {
        return new Admission(s, false, null);
      }
      String rejection = cardinality.admit(labels);
      if (rejection != null) {
        return new Admission(null, false, rejection);
      }
      return new Admission(register(nextId++, labels), true, null);
    }
  }

  /** Replay: the series a WAL record names, keeping its id when free; limits do not apply. */
  MemSeries getOrCreateForReplay(int walId, Labels labels) {
    synchronized (createLock) {
      nextId = Math.max(nextId, walId + 1); // never reuse an id a surviving WAL record may mention
      MemSeries s = byLabels.get(labels);
      if (s != null) {
        return s;
      }
      cardinality.add(labels);
      return register(byId.containsKey(walId) ? nextId++ : walId, labels);
    }
  }

  private MemSeries register(int id, Labels labels) {
    MemSeries s = new MemSeries(id, labels);
    byId.put(id, s);
    index.add(id, labels);
    byLabels.put(labels, s);
    return s;
  }

  boolean append(MemSeries s, long t, double v) {
    if (t < minValidTime || !s.append(t, v, chunkRange, maxSamplesPerChunk)) {
      return false;
    }
    maxTime.accumulateAndGet(t, Math::max);
    return true;
  }

  /** Series matching the matchers with samples in [mint, maxt], unordered. */
  List<MemSeries> select(long mint, long maxt, List<LabelMatcher> matchers) {
    List<MemSeries> out = new ArrayList<>();
    for (int id : MatcherEvaluator.select(index, matchers)) {
      MemSeries s = byId.get(id);
      if (s != null && s.overlaps(mint, maxt)) {
        out.add(s);
      }
    }
    return out;
  }

  List<MemSeries> allSeries() {
    return new ArrayList<>(byId.values());
  }

  /**
   * Drops chunks before {@code t} and then series left empty; from now on samples before {@code t} are
   * refused. Called after the data before {@code t} is safe in a block.
   */
  void truncateBefore(long t) {
    minValidTime = Math.max(minValidTime, t);
    synchronized (createLock) {
      Set<Integer> removed = new HashSet<>();
      List<Labels> removedLabels = new ArrayList<>();
      for (MemSeries s : byId.values()) {
        if (s.truncateBefore(t)) {
          removed.add(s.id);
          removedLabels.add(s.labels);
        }
      }
      for (Labels l : removedLabels) {
        MemSeries s = byLabels.remove(l);
        byId.remove(s.id);
        cardinality.remove(l);
      }
      index.removeAll(removed, removedLabels);
    }
  }

  void setMinValidTime(long t) {
    minValidTime = Math.max(minValidTime, t);
  }

  public long minValidTime() {
    return minValidTime;
  }

  /** The newest sample's timestamp, {@code Long.MIN_VALUE} when the head never held one. */
  public long maxTime() {
    return maxTime.get();
  }

  /** The oldest sample still in the head, {@code Long.MAX_VALUE} when empty. */
  public long minTime() {
    long min = Long.MAX_VALUE;
    for (MemSeries s : byId.values()) {
      min = Math.min(min, s.minTime());
    }
    return min;
  }

  public int numSeries() {
    return byId.size();
  }

  public long numSamples() {
    long n = 0;
    for (MemSeries s : byId.values()) {
      n += s.numSamples();
    }
    return n;
  }

  public long chunkBytes() {
    long n = 0;
    for (MemSeries s : byId.values()) {
      n += s.chunkBytes();
    }
    return n;
  }

  public long chunkRange() {
    return chunkRange;
  }

  CardinalityTracker cardinality() {
    return cardinality;
  }
}
