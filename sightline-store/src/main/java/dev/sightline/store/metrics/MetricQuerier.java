package dev.sightline.store.metrics;

import java.io.IOException;
import java.util.List;

/**
 * Reads metric samples; the PromQL engine's only view of storage. Times are milliseconds since the
 * epoch, both bounds inclusive.
 */
public interface MetricQuerier {
  /** Every series matching all matchers that has at least one sample in [minTimeMs, maxTimeMs], sorted by labels. */
  List<Series> select(long minTimeMs, long maxTimeMs, List<LabelMatcher> matchers) throws IOException;

  /** Label names of the series matching the matchers (all series when empty), sorted. */
  List<String> labelNames(long minTimeMs, long maxTimeMs, List<LabelMatcher> matchers) throws IOException;

  /** Values of one label over the series matching the matchers (all series when empty), sorted. */
  List<String> labelValues(String name, long minTimeMs, long maxTimeMs, List<LabelMatcher> matchers)
      throws IOException;
}
