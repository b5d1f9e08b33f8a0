package dev.sightline.pipeline.sampling.internal;

import dev.sightline.pipeline.sampling.Decision;
import java.util.List;

/** Policies made of policies: {@code and} and {@code composite}. */
final class Composites {
  private Composites() {}

  /** Samples when every sub-policy samples; inverted decisions count as plain ones here, as in the Collector. */
  record And(String name, List<Policy> subPolicies) implements Policy {
    @Override
    public Decision evaluate(TraceBuffer t, long nowMs) {
      for (Policy p : subPolicies) {
        Decision d = p.evaluate(t, nowMs);
        if (d == Decision.NOT_SAMPLED || d == Decision.INVERTED_NOT_SAMPLED) {
          return Decision.NOT_SAMPLED;
        }
      }
      return Decision.SAMPLED;
    }
  }

  /**
   * Tries sub-policies in order; the first that samples and still has room in its share of the
   * spans-per-second budget samples the trace. A sub-policy over its share lets the next one try.
   * A sub-policy without a {@code rate_allocation} entry may use the whole budget; the total is always
   * capped at {@code max_total_spans_per_second}.
   */
  static final class Composite implements Policy {
    private final String name;
    private final List<Policy> ordered;
    private final long[] allowedPerSecond;
    private final long[] usedThisSecond;
    private final long maxTotal;
    private long totalThisSecond;
    private long second = Long.MIN_VALUE;

    Composite(String name, List<Policy> ordered, long[] allowedPerSecond, long maxTotal) {
      this.name = name;
      this.ordered = ordered;
      this.allowedPerSecond = allowedPerSecond;
      this.usedThisSecond = new long[ordered.size()];
      this.maxTotal = maxTotal;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Decision evaluate(TraceBuffer t, long nowMs) {
      long s = Math.floorDiv(nowMs, 1000);
      if (s != second) {
        second = s;
        totalThisSecond = 0;
        java.util.Arrays.fill(usedThisSecond, 0);
      }
      int n = t.spanCount();
      for (int i = 0; i < ordered.size(); i++) {
        Decision d = ordered.get(i).evaluate(t, nowMs);
        if (d != Decision.SAMPLED && d != Decision.INVERTED_SAMPLED) {
          continue;
        }
        if (usedThisSecond[i] + n <= allowedPerSecond[i] && totalThisSecond + n <= maxTotal) {
          usedThisSecond[i] += n;
          totalThisSecond += n;
          return Decision.SAMPLED;
        }
      }
      return Decision.NOT_SAMPLED;
    }
  }
}
