package dev.sightline.store.tsdb;

import java.util.List;

/**
 * Which metrics hold the most in-memory (head) series, and for each which labels have the most distinct
 * values: the answer to "which label is exploding?". Served as {@code GET /api/metrics/cardinality}.
 *
 * @param totalSeries series in the head
 * @param metrics the top metrics by series count, descending
 */
public record CardinalityReport(long totalSeries, List<Metric> metrics) {
  public CardinalityReport {
    metrics = List.copyOf(metrics);
  }

  /**
   * One metric: its series count, the samples refused by limits since start, and its labels by distinct
   * value count, descending ({@code __name__} excluded).
   */
  public record Metric(String name, int series, long rejectedSamples, List<Label> labels) {
    public Metric {
      labels = List.copyOf(labels);
    }
  }

  /** A label of one metric and how many distinct values it has across that metric's series. */
  public record Label(String name, int distinctValues) {}
}
