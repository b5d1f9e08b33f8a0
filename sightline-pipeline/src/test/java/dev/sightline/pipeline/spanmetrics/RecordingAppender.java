package dev.sightline.pipeline.spanmetrics;

import dev.sightline.model.metric.Labels;
import dev.sightline.store.metrics.AppendResult;
import dev.sightline.store.metrics.MetricAppender;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keeps committed samples in memory, last value per series. */
public final class RecordingAppender implements MetricAppender {
  record Sample(Labels labels, long timestampMs, double value) {}

  private final List<Sample> pending = new ArrayList<>();
  final List<Sample> committed = new ArrayList<>();
  int commits;

  @Override
  public void append(Labels labels, long timestampMs, double value) {
    pending.add(new Sample(labels, timestampMs, value));
  }

  @Override
  public AppendResult commit() {
    committed.addAll(pending);
    int n = pending.size();
    pending.clear();
    commits++;
    return new AppendResult(n, 0, 0, List.of());
  }

  @Override
  public void rollback() {
    pending.clear();
  }

  /** Latest value per series. */
  Map<Labels, Double> latest() {
    Map<Labels, Double> m = new LinkedHashMap<>();
    for (Sample s : committed) {
      m.put(s.labels(), s.value());
    }
    return m;
  }

  /** Value of the series with exactly these labels (name first), or null. */
  Double value(String... namesAndValues) {
    return latest().get(Labels.of(namesAndValues));
  }

  /** Latest values of every series with this metric name. */
  Map<Labels, Double> metric(String name) {
    Map<Labels, Double> m = new LinkedHashMap<>();
    latest().forEach((l, v) -> {
      if (name.equals(l.metricName())) {
        m.put(l, v);
      }
    });
    return m;
  }
}
