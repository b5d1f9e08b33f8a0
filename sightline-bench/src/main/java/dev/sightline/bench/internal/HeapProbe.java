package dev.sightline.bench.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Heap in use after full collections: the retained size the benches compare, not allocation churn. */
public final class HeapProbe {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private HeapProbe() { }

  /** Used heap after {@code rounds} System.gc() calls; the minimum seen, since a late allocation only adds. */
  public static long usedAfterGc(int rounds) {
    long min = Long.MAX_VALUE;
    for (int i = 0; i < rounds; i++) {
      System.gc();
      try {
        Thread.sleep(50); // lets reference processing and concurrent phases settle between collections
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      min = Math.min(min, MEMORY.getHeapMemoryUsage().getUsed());
    }
    return min;
  }

  public static long usedNow() {
    return MEMORY.getHeapMemoryUsage().getUsed();
  }

  public static String mib(long bytes) {
    return String.format("%,.1f MiB", bytes / 1048576.0);
  }
}
