package dev.sightline.query.promql;

import dev.sightline.model.metric.Labels;

/** One series of a matrix (range query or range-vector result): ascending timestamps and their values. */
public record RangeSeries(Labels labels, long[] timestampsMs, double[] values) {
  public RangeSeries {
    if (timestampsMs.length != values.length) {
      throw new IllegalArgumentException("timestamps and values differ in length");
    }
  }

  public int size() {
    return values.length;
  }
}
