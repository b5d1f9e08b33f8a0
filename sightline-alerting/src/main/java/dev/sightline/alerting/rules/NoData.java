package dev.sightline.alerting.rules;

import dev.sightline.store.metrics.LabelMatcher;
import dev.sightline.store.metrics.MetricQuerier;
import dev.sightline.store.metrics.Series;
import java.util.List;

/** An empty store, for an engine used only to validate expressions. */
final class NoData implements MetricQuerier {
  static final NoData QUERIER = new NoData();

  @Override
  public List<Series> select(long minTimeMs, long maxTimeMs, List<LabelMatcher> matchers) {
    return List.of();
  }

  @Override
  public List<String> labelNames(long minTimeMs, long maxTimeMs, List<LabelMatcher> matchers) {
    return List.of();
  }

  @Override
  public List<String> labelValues(String name, long minTimeMs, long maxTimeMs, List<LabelMatcher> matchers) {
    return List.of();
  }
}
