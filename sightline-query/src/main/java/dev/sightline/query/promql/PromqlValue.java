package dev.sightline.query.promql;

import java.util.List;

/**
 * A query's answer, one of the four Prometheus result types ({@code resultType} in the HTTP API):
 * {@code scalar}, {@code string}, {@code vector} or {@code matrix}. A range query always answers a
 * {@link Matrix}; a scalar expression becomes one series with no labels.
 */
public sealed interface PromqlValue {
  /** The Prometheus {@code resultType} name. */
  String typeName();

  record Scalar(long timestampMs, double value) implements PromqlValue {
    @Override
    public String typeName() {
      return "scalar";
    }
  }

  record Str(long timestampMs, String value) implements PromqlValue {
    @Override
    public String typeName() {
      return "string";
    }
  }

  /** Series in the engine's order (sorted by labels unless the query sorts, e.g. {@code sort()} or {@code topk}). */
  record Vector(List<InstantSample> samples) implements PromqlValue {
    public Vector {
      samples = List.copyOf(samples);
    }

    @Override
    public String typeName() {
      return "vector";
    }
  }

  /** Series sorted by labels. */
  record Matrix(List<RangeSeries> series) implements PromqlValue {
    public Matrix {
      series = List.copyOf(series);
    }

    @Override
    public String typeName() {
      return "matrix";
    }
  }
}
