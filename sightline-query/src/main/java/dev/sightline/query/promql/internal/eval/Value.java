package dev.sightline.query.promql.internal.eval;

import dev.sightline.model.metric.Labels;
import java.util.List;

/** Intermediate values during evaluation at one instant. */
sealed interface Value {
  record Scalar(double v) implements Value {}

  record Str(String s) implements Value {}

  /**
   * A sample; {@code t} is the sample's own timestamp for selector results (what {@code timestamp()} reads).
   * {@code dropName} marks a {@code __name__} to be removed when the query finishes (Prometheus 3's
   * delayed name removal), so {@code label_replace} can still read it.
   */
  record Sample(Labels labels, long t, double v, boolean dropName) {
    Sample withValue(double nv) {
      return new Sample(labels, t, nv, dropName);
    }

    Sample dropping(double nv) {
      return new Sample(labels, t, nv, true);
    }
  }

  record Vector(List<Sample> samples) implements Value {}

  /** A series' points inside one window, ascending by time. */
  record Points(Labels labels, long[] t, double[] v, int size, boolean dropName) {}

  record Matrix(List<Points> series) implements Value {}
}
