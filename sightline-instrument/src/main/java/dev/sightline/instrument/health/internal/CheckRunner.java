package dev.sightline.instrument.health.internal;

import dev.sightline.instrument.health.CheckDefinition;
import dev.sightline.instrument.health.CheckResult;
import dev.sightline.instrument.health.HealthStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one check: reuses a fresh result, lets at most one run be in flight (concurrent probes share it,
 * and a hung check holds one thread, not one per probe), and bounds every wait by the check's timeout.
 */
public final class CheckRunner {
  static final int MAX_ERROR_LENGTH = 1024;

  private final CheckDefinition definition;
  private final Duration timeout;
  private final Duration cacheFor;
  private final Clock clock;
  private final Executor executor;

  private final Object lock = new Object();
  private CheckResult lastResult; // guarded by lock
  private CompletableFuture<CheckResult> inFlight; // guarded by lock
  private Instant inFlightStartedAt; // guarded by lock; registry clock, for the result's time
  private long inFlightStartNanos; // guarded by lock; monotonic, for the wait deadline

  public CheckRunner(CheckDefinition definition, Duration timeout, Duration cacheFor, Clock clock, Executor executor) {
    this.definition = definition;
    this.timeout = timeout;
    this.cacheFor = cacheFor;
    this.clock = clock;
    this.executor = executor;
  }

  public CheckDefinition definition() {
    return definition;
  }

  /** A pending run: either a fresh cached result or the (possibly shared) run in flight. */
  public record Pending(CompletableFuture<CheckResult> future, Instant startedAt, long startNanos) {}

  /** Starts a run unless the last result is still fresh or a run is already in flight. Never blocks. */
  public Pending start() {
    synchronized (lock) {
      Instant now = clock.instant();
      if (lastResult != null && isFresh(lastResult, now)) {
        return new Pending(CompletableFuture.completedFuture(lastResult), lastResult.checkedAt(), System.nanoTime());
      }
      if (inFlight == null) {
        CompletableFuture<CheckResult> future = new CompletableFuture<>();
        inFlight = future;
        inFlightStartedAt = now;
        inFlightStartNanos = System.nanoTime();
        try {
          executor.execute(() -> run(future, now));
        } catch (RejectedExecutionException e) {
          finish(future, result(HealthStatus.DOWN, 0, "could not run the check: " + e.getMessage(), now));
        }
      }
      return new Pending(inFlight, inFlightStartedAt, inFlightStartNanos);
    }
  }

  /**
   * Waits for a pending run until its timeout, measured from when the run started: a run already older
   * than the timeout answers "timed out" at once, so a hung check never holds a probe thread again.
   */
  public CheckResult await(Pending pending) {
    long remaining = timeout.toNanos() - (System.nanoTime() - pending.startNanos());
    try {
      if (pending.future().isDone()) {
        return pending.future().get();
      }
      return pending.future().get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      CheckResult timedOut = result(HealthStatus.DOWN, timeout.toMillis(),
          "timed out after " + HumanDuration.format(timeout), pending.startedAt());
      synchronized (lock) {
        // Remember the timeout so that probes within the cache period answer without waiting again;
        // the run, when it finally completes, replaces it.
        if (lastResult == null || lastResult.checkedAt().isBefore(pending.startedAt())) {
          lastResult = timedOut;
        }
      }
      return timedOut;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return result(HealthStatus.DOWN, 0, "interrupted while waiting for the check", pending.startedAt());
    } catch (ExecutionException e) {
      // run() never completes exceptionally; kept total for safety.
      return result(HealthStatus.DOWN, 0, errorText(e.getCause()), pending.startedAt());
    }
  }

  private boolean isFresh(CheckResult r, Instant now) {
    return !cacheFor.isZero() && now.isBefore(r.checkedAt().plus(cacheFor));
  }

  private void run(CompletableFuture<CheckResult> future, Instant startedAt) {
    CheckResult result;
    Throwable fatal = null;
    try {
      definition.check().check();
      result = result(HealthStatus.UP, elapsedMillis(startedAt), null, startedAt);
    } catch (Throwable t) {
      result = result(HealthStatus.DOWN, elapsedMillis(startedAt), errorText(t), startedAt);
      if (t instanceof VirtualMachineError) {
        fatal = t;
      }
    }
    finish(future, result);
    if (fatal instanceof VirtualMachineError vme) {
      throw vme;
    }
  }

  private void finish(CompletableFuture<CheckResult> future, CheckResult result) {
    synchronized (lock) {
      lastResult = result;
      if (inFlight == future) {
        inFlight = null;
      }
    }
    future.complete(result);
  }

  private long elapsedMillis(Instant startedAt) {
    return Math.max(0, Duration.between(startedAt, clock.instant()).toMillis());
  }

  private CheckResult result(HealthStatus status, long millis, String error, Instant at) {
    return new CheckResult(definition.name(), definition.kind(), status, millis, error, definition.critical(), at);
  }

  /** The exception's message, or its class name when it has none; bounded so a report stays small. */
  static String errorText(Throwable t) {
    if (t == null) {
      return "failed";
    }
    String msg = t.getMessage();
    String text = msg == null || msg.isBlank() ? t.getClass().getName() : msg;
    return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH) + "...";
  }
}
