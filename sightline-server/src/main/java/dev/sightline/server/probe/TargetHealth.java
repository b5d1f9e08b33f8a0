package dev.sightline.server.probe;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The thresholded state of one target, as a kubelet keeps it: {@code failureThreshold} consecutive
 * failures turn it DOWN, {@code successThreshold} consecutive successes turn it UP; before either it is
 * UNKNOWN. Also keeps the last few results for the Health page. Thread-safe.
 */
final class TargetHealth {
  /** Results kept per target for the API's history. */
  static final int HISTORY = 20;

  enum State { UNKNOWN, UP, DOWN }

  /** A consistent copy of the state, for the API. */
  record Snapshot(ProbeTarget target, State state, int consecutiveFailures, int consecutiveSuccesses,
                  ProbeResult last, String lastFailureBody, long skipped, List<ProbeResult> history) {}

  private final ProbeTarget target;
  private final ArrayDeque<ProbeResult> history = new ArrayDeque<>();
  /** True from dispatch until the attempt is recorded, so an attempt never overlaps the previous one. */
  final AtomicBoolean inFlight = new AtomicBoolean();
  private final AtomicLong skipped = new AtomicLong();
  private State state = State.UNKNOWN;
  private int failures;
  private int successes;
  private String lastFailureBody;
  /** When the next attempt is due, on the prober's clock. */
  long nextDueMs;

  TargetHealth(ProbeTarget target, long startMs) {
    this.target = target;
    this.nextDueMs = startMs + target.initialDelay().toMillis();
  }

  ProbeTarget target() {
    return target;
  }

  void skip() {
    skipped.incrementAndGet();
  }

  /** Applies one result; returns the state after it. */
  synchronized State record(ProbeResult r) {
    if (r.success()) {
      successes++;
      failures = 0;
      if (successes >= target.successThreshold()) {
        state = State.UP;
      }
    } else {
      failures++;
      successes = 0;
      if (failures >= target.failureThreshold()) {
        state = State.DOWN;
      }
      if (r.body() != null) {
        lastFailureBody = r.body();
      }
    }
    if (history.size() == HISTORY) {
      history.removeFirst();
    }
    history.addLast(r);
    return state;
  }

  synchronized Snapshot snapshot() {
    return new Snapshot(target, state, failures, successes, history.peekLast(), lastFailureBody, skipped.get(),
        List.copyOf(history));
  }
}
