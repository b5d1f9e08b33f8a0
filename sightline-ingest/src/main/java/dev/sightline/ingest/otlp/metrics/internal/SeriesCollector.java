package dev.sightline.ingest.otlp.metrics.internal;

import dev.sightline.ingest.prometheus.Exemplar;
import dev.sightline.ingest.prometheus.MetricMetadata;
import dev.sightline.ingest.prometheus.MetricSeries;
import dev.sightline.ingest.prometheus.MetricType;
import dev.sightline.ingest.prometheus.Sample;
import dev.sightline.model.metric.Labels;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Gathers translated samples by series, in first-seen order, plus metadata and rejections. */
public final class SeriesCollector {
  private static final int MAX_REPORTED_PROBLEMS = 5;

  private final Map<Labels, List<Sample>> samples = new LinkedHashMap<>();
  private final Map<Labels, List<Exemplar>> exemplars = new LinkedHashMap<>();
  private final Map<String, MetricMetadata> metadata = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();
  private int rejected;
  private long overlappingDeltas;

  public void add(Labels labels, long timestampMs, double value) {
    samples.computeIfAbsent(labels, l -> new ArrayList<>(1)).add(new Sample(timestampMs, value));
  }

  public void exemplar(Labels series, Exemplar e) {
    exemplars.computeIfAbsent(series, l -> new ArrayList<>(1)).add(e);
  }

  public void metadata(String family, MetricType type, String help, String unit) {
    metadata.putIfAbsent(family, new MetricMetadata(family, type, help, unit));
  }

  public void reject(int points, String problem) {
    rejected += points;
    if (problems.size() < MAX_REPORTED_PROBLEMS) {
      problems.add(problem);
    }
  }

  public void overlappingDelta(String where) {
    overlappingDeltas++;
    reject(1, where + ": DELTA point overlaps one already accumulated (a resend?); dropped");
  }

  public List<MetricSeries> series() {
    List<MetricSeries> out = new ArrayList<>(samples.size());
    samples.forEach((labels, s) -> out.add(new MetricSeries(labels, s, exemplars.getOrDefault(labels, List.of()))));
    return out;
  }

  public List<MetricMetadata> metadata() {
    return List.copyOf(metadata.values());
  }

  public int rejected() {
    return rejected;
  }

  public long overlappingDeltas() {
    return overlappingDeltas;
  }

  public String errorMessage() {
    return rejected == 0 ? "" : rejected + " data points rejected: " + String.join("; ", problems);
  }

  /** Bounds for {@code le} and {@code quantile} as Prometheus's Go code writes them: 1, 0.25, +Inf. */
  public static String formatBound(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return "0";
    }
    double abs = Math.abs(d);
    if (abs >= 1e21 || abs < 1e-6) {
      return Double.toString(d);
    }
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }
}
