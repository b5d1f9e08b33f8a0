package dev.sightline.query.promql;

import dev.sightline.model.metric.Labels;
import dev.sightline.store.metrics.LabelMatcher;
import dev.sightline.store.metrics.MetricQuerier;
import dev.sightline.store.metrics.Series;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** A small in-memory {@link MetricQuerier} for engine tests; samples kept sorted per series. */
public final class InMemoryMetricStore implements MetricQuerier {
  private final Map<Labels, TreeMap<Long, Double>> series = new TreeMap<>();

  /** Adds or replaces the sample at this timestamp. */
  public synchronized void add(Labels labels, long timestampMs, double value) {
    series.computeIfAbsent(labels, l -> new TreeMap<>()).put(timestampMs, value);
  }

  public synchronized void clear() {
    series.clear();
  }

  @Override
  public synchronized List<Series> select(long minTimeMs, long maxTimeMs, List<LabelMatcher> matchers) {
    List<Series> out = new ArrayList<>();
    for (Map.Entry<Labels, TreeMap<Long, Double>> e : series.entrySet()) {
      if (!matchesAll(e.getKey(), matchers)) {
        continue;
      }
      var window = e.getValue().subMap(minTimeMs, true, maxTimeMs, true);
      if (window.isEmpty()) {
        continue;
      }
      long[] ts = new long[window.size()];
      double[] vs = new double[window.size()];
      int i = 0;
      for (Map.Entry<Long, Double> s : window.entrySet()) {
        ts[i] = s.getKey();
        vs[i++] = s.getValue();
      }
      out.add(new Series(e.getKey(), Arrays.copyOf(ts, i), Arrays.copyOf(vs, i)));
    }
    return out;
  }

  @Override
  public synchronized List<String> labelNames(long minTimeMs, long maxTimeMs, List<LabelMatcher> matchers) {
    TreeSet<String> names = new TreeSet<>();
    for (Series s : select(minTimeMs, maxTimeMs, matchers)) {
      names.addAll(s.labels().names());
    }
    return List.copyOf(names);
  }

  @Override
  public synchronized List<String> labelValues(String name, long minTimeMs, long maxTimeMs,
      List<LabelMatcher> matchers) {
    TreeSet<String> values = new TreeSet<>();
    for (Series s : select(minTimeMs, maxTimeMs, matchers)) {
      String v = s.labels().get(name);
      if (v != null) {
        values.add(v);
      }
    }
    return List.copyOf(values);
  }

  private static boolean matchesAll(Labels l, List<LabelMatcher> matchers) {
    for (LabelMatcher m : matchers) {
      if (!m.matches(l)) {
        return false;
      }
    }
    return true;
  }
}
