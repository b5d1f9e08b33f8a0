package dev.sightline.store.tsdb.internal;

import dev.sightline.model.metric.Labels;
import dev.sightline.store.tsdb.CardinalityReport;
import dev.sightline.store.tsdb.TsdbLimits;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Admits new head series against {@link TsdbLimits} and keeps, per metric, the series count and each
 * label's distinct values, so that a rejection can name the exploding label without a scan.
 */
final class CardinalityTracker {
  private final TsdbLimits limits;
  private final Map<String, MetricStats> metrics = new HashMap<>(); // guarded by this
  private final ConcurrentHashMap<String, LongAdder> rejected = new ConcurrentHashMap<>();

  /** Per label name, per value, how many of the metric's series carry it. */
  private static final class MetricStats {
    int series;
    final Map<String, Map<String, Integer>> values = new HashMap<>();
  }

  CardinalityTracker(TsdbLimits limits) {
    this.limits = limits;
  }

  static String metricOf(Labels labels) {
    String name = labels.metricName();
    return name == null ? "" : name;
  }

  /** Records the series and returns null when it is within the limits; otherwise a message saying why not. */
  synchronized String admit(Labels labels) {
    String metric = metricOf(labels);
    if (labels.size() > limits.maxLabelsPerSeries()) {
      return "metric \"" + metric + "\": series has " + labels.size() + " labels, more than the limit of "
          + limits.maxLabelsPerSeries() + " (label \"" + labels.name(labels.size() - 1)
          + "\" is past it): " + abbreviate(labels);
    }
    for (int i = 0; i < labels.size(); i++) {
      String name = labels.name(i);
      if (name.length() > limits.maxLabelNameLength()) {
        return "metric \"" + metric + "\": label name \"" + abbreviate(name) + "\" is " + name.length()
            + " characters, more than the limit of " + limits.maxLabelNameLength();
      }
      if (labels.value(i).length() > limits.maxLabelValueLength()) {
        return "metric \"" + metric + "\": value of label \"" + name + "\" is " + labels.value(i).length()
            + " characters, more than the limit of " + limits.maxLabelValueLength();
      }
    }
    MetricStats stats = metrics.get(metric);
    if (stats != null && stats.series >= limits.maxSeriesPerMetric()) {
      String worst = "";
      int worstCount = -1;
      for (Map.Entry<String, Map<String, Integer>> e : stats.values.entrySet()) {
        if (!e.getKey().equals(Labels.METRIC_NAME) && e.getValue().size() > worstCount) {
          worst = e.getKey();
          worstCount = e.getValue().size();
        }
      }
      return "metric \"" + metric + "\" has reached the limit of " + limits.maxSeriesPerMetric()
          + " series; label \"" + worst + "\" has the most distinct values (" + Math.max(0, worstCount)
          + "), drop or aggregate it: rejected new series " + abbreviate(labels);
    }
    add(labels);
    return null;
  }

  /** Records a series without checking limits (replay of series the log already accepted). */
  synchronized void add(Labels labels) {
    MetricStats stats = metrics.computeIfAbsent(metricOf(labels), k -> new MetricStats());
    stats.series++;
    labels.forEach((n, v) -> stats.values.computeIfAbsent(n, k -> new HashMap<>()).merge(v, 1, Integer::sum));
  }

  synchronized void remove(Labels labels) {
    String metric = metricOf(labels);
    MetricStats stats = metrics.get(metric);
    if (stats == null) {
      return;
    }
    if (--stats.series <= 0) {
      metrics.remove(metric);
      return;
    }
    labels.forEach((n, v) -> {
      Map<String, Integer> vals = stats.values.get(n);
      if (vals != null && vals.merge(v, -1, Integer::sum) <= 0) {
        vals.remove(v);
        if (vals.isEmpty()) {
          stats.values.remove(n);
        }
      }
    });
  }

  void countRejected(String metric, int samples) {
    rejected.computeIfAbsent(metric, k -> new LongAdder()).add(samples);
  }

  long rejected(String metric) {
    LongAdder a = rejected.get(metric);
    return a == null ? 0 : a.sum();
  }

  /** Samples refused by limits since start, per metric. */
  Map<String, Long> rejectedByMetric() {
    Map<String, Long> out = new java.util.TreeMap<>();
    rejected.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  synchronized CardinalityReport report(int maxMetrics, int maxLabels) {
    long total = 0;
    List<Map.Entry<String, MetricStats>> entries = new ArrayList<>(metrics.entrySet());
    for (Map.Entry<String, MetricStats> e : entries) {
      total += e.getValue().series;
    }
    entries.sort(Comparator.<Map.Entry<String, MetricStats>>comparingInt(e -> -e.getValue().series)
        .thenComparing(Map.Entry::getKey));
    List<CardinalityReport.Metric> out = new ArrayList<>();
    for (Map.Entry<String, MetricStats> e : entries.subList(0, Math.min(maxMetrics, entries.size()))) {
      out.add(metric(e.getKey(), e.getValue(), maxLabels));
    }
    return new CardinalityReport(total, out);
  }

  synchronized CardinalityReport.Metric metric(String metric, int maxLabels) {
    MetricStats stats = metrics.get(metric);
    return stats == null ? new CardinalityReport.Metric(metric, 0, rejected(metric), List.of())
        : metric(metric, stats, maxLabels);
  }

  private CardinalityReport.Metric metric(String name, MetricStats stats, int maxLabels) {
    List<CardinalityReport.Label> labels = new ArrayList<>();
    stats.values.forEach((n, vals) -> {
      if (!n.equals(Labels.METRIC_NAME)) {
        labels.add(new CardinalityReport.Label(n, vals.size()));
      }
    });
    labels.sort(Comparator.comparingInt((CardinalityReport.Label l) -> -l.distinctValues())
        .thenComparing(CardinalityReport.Label::name));
    return new CardinalityReport.Metric(name, stats.series, rejected(name),
        labels.subList(0, Math.min(maxLabels, labels.size())));
  }

  private static String abbreviate(Object o) {
    String s = String.valueOf(o);
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }
}
