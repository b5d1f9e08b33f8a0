package dev.sightline.bench.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** What the senders saw, counted without locks. */
public final class LoadStats {
  public final LongAdder sentSpans = new LongAdder();
  public final LongAdder ackedSpans = new LongAdder();
  public final LongAdder ackedBatches = new LongAdder();
  public final LongAdder rejectedSpans = new LongAdder();
  public final LongAdder retries = new LongAdder();
  public final LongAdder throttled = new LongAdder();
  public final LongAdder ioErrors = new LongAdder();
  public final LongAdder failedBatches = new LongAdder();
  public final LongAdder failedSpans = new LongAdder();
  private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
  private final AtomicReference<String> firstFailure = new AtomicReference<>();

  void status(int code) {
    statuses.computeIfAbsent(code, k -> new LongAdder()).increment();
  }

  void failure(String message) {
    firstFailure.compareAndSet(null, message);
  }

  /** Response status code to count, sorted. */
  public Map<Integer, Long> statuses() {
    Map<Integer, Long> out = new TreeMap<>();
    statuses.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** The first non-retriable failure, for the report; null if none. */
  public String firstFailure() {
    return firstFailure.get();
  }
}
