package dev.sightline.demo.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * When the third-party stub stalls: the first request at or after {@code first}, then the first one at
 * least {@code every} later, and so on. Exactly one request per period stalls, however many arrive
 * concurrently (a compare-and-set claims it), so the demo produces one slow trace every 30 s, not a burst.
 */
public final class StallSchedule {
  private final LongSupplier nanoTime;
  private final long everyNanos;
  private final AtomicLong nextAt;

  private StallSchedule(LongSupplier nanoTime, Duration first, Duration every) {
    this.nanoTime = nanoTime;
    this.everyNanos = every.toNanos();
    this.nextAt = new AtomicLong(nanoTime.getAsLong() + first.toNanos());
  }

  /** A schedule on {@code nanoTime} (System::nanoTime in the stub, a fake in tests). */
  public static StallSchedule of(LongSupplier nanoTime, Duration first, Duration every) {
    if (first.isNegative() || every.isZero() || every.isNegative()) {
      throw new IllegalArgumentException("first must be >= 0 and every > 0, got " + first + " and " + every);
    }
    return new StallSchedule(nanoTime, first, every);
  }

  /** True for the one request that should stall now; claims the slot. */
  public boolean claim() {
    long now = nanoTime.getAsLong();
    long due = nextAt.get();
    return now - due >= 0 && nextAt.compareAndSet(due, now + everyNanos);
  }
}
