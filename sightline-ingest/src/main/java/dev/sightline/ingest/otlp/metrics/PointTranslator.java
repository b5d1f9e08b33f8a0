package dev.sightline.ingest.otlp.metrics;

import static dev.sightline.ingest.otlp.metrics.OtlpMetricsTranslator.STALE_NAN;

import dev.sightline.ingest.otlp.metrics.internal.DeltaState;
import dev.sightline.ingest.otlp.metrics.internal.ExponentialBuckets;
import dev.sightline.ingest.otlp.metrics.internal.MetricNaming;
import dev.sightline.ingest.otlp.metrics.internal.SeriesCollector;
import dev.sightline.ingest.prometheus.Exemplar;
import dev.sightline.ingest.prometheus.MetricType;
import dev.sightline.model.metric.Labels;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Translates one OTLP metric's data points; the per-type rules are listed on {@link OtlpMetricsTranslator}. */
final class PointTranslator {
  private final DeltaState deltas;
  private final int maxExponentialBuckets;

  PointTranslator(DeltaState deltas, int maxExponentialBuckets) {
    this.deltas = deltas;
    this.maxExponentialBuckets = maxExponentialBuckets;
  }

  /** Where a metric sits and the labels every one of its series carries. */
  record Context(String where, String job, String instance, String scopeName, String scopeVersion, int maxLabels) {}

  /** Running totals of a DELTA histogram. */
  private static final class HistogramTotal {
    double[] bounds;
    long[] counts;
    double sum;
    long count;
  }

  /** Running totals of a DELTA exponential histogram. */
  private static final class ExponentialTotal {
    ExponentialBuckets buckets;
    double sum;
    long count;
  }

  /** Returns the latest timestamp (ms) written, or Long.MIN_VALUE. */
  long translate(Metric metric, Context ctx, SeriesCollector out) {
    if (metric.getName().isEmpty()) {
      out.reject(pointCount(metric), ctx.where() + ".name: empty metric name");
      return Long.MIN_VALUE;
    }
    long last = Long.MIN_VALUE;
    switch (metric.getDataCase()) {
      case GAUGE -> {
        String name = MetricNaming.metricName(metric.getName(), metric.getUnit(), true, false);
        out.metadata(name, MetricType.GAUGE, metric.getDescription(), MetricNaming.unitSuffix(metric.getUnit(), true));
        List<NumberDataPoint> ps = metric.getGauge().getDataPointsList();
        for (int i = 0; i < ps.size(); i++) {
          last = Math.max(last, number(name, ps.get(i), false, ctx, i, out));
        }
      }
      case SUM -> {
        boolean counter = metric.getSum().getIsMonotonic();
        boolean delta = OtlpMetricsTranslator.isDelta(metric.getSum().getAggregationTemporality());
        if (metric.getSum().getAggregationTemporalityValue() == 0) {
          out.reject(pointCount(metric), ctx.where() + ".sum.aggregationTemporality: unspecified");
          return last;
        }
        String name = MetricNaming.metricName(metric.getName(), metric.getUnit(), !counter, counter);
        String family = counter ? name.substring(0, name.length() - "_total".length()) : name;
        out.metadata(family, counter ? MetricType.COUNTER : MetricType.GAUGE, metric.getDescription(),
            MetricNaming.unitSuffix(metric.getUnit(), !counter));
        List<NumberDataPoint> ps = metric.getSum().getDataPointsList();
        for (int i = 0; i < ps.size(); i++) {
          last = Math.max(last, number(name, ps.get(i), delta, ctx, i, out));
        }
      }
      case HISTOGRAM -> {
        String name = MetricNaming.metricName(metric.getName(), metric.getUnit(), false, false);
        out.metadata(name, MetricType.HISTOGRAM, metric.getDescription(), MetricNaming.unitSuffix(metric.getUnit(), false));
        boolean delta = OtlpMetricsTranslator.isDelta(metric.getHistogram().getAggregationTemporality());
        List<HistogramDataPoint> ps = metric.getHistogram().getDataPointsList();
        for (int i = 0; i < ps.size(); i++) {
          last = Math.max(last, histogram(name, ps.get(i), delta, ctx, i, out));
        }
      }
      case EXPONENTIAL_HISTOGRAM -> {
        String name = MetricNaming.metricName(metric.getName(), metric.getUnit(), false, false);
        out.metadata(name, MetricType.HISTOGRAM, metric.getDescription(), MetricNaming.unitSuffix(metric.getUnit(), false));
        boolean delta = OtlpMetricsTranslator.isDelta(metric.getExponentialHistogram().getAggregationTemporality());
        List<ExponentialHistogramDataPoint> ps = metric.getExponentialHistogram().getDataPointsList();
        for (int i = 0; i < ps.size(); i++) {
          last = Math.max(last, exponential(name, ps.get(i), delta, ctx, i, out));
        }
      }
      case SUMMARY -> {
        String name = MetricNaming.metricName(metric.getName(), metric.getUnit(), false, false);
        out.metadata(name, MetricType.SUMMARY, metric.getDescription(), MetricNaming.unitSuffix(metric.getUnit(), false));
        List<SummaryDataPoint> ps = metric.getSummary().getDataPointsList();
        for (int i = 0; i < ps.size(); i++) {
          last = Math.max(last, summary(name, ps.get(i), ctx, i, out));
        }
      }
      default -> out.reject(1, ctx.where() + ": metric '" + metric.getName() + "' has no data");
    }
    return last;
  }

  private long number(String name, NumberDataPoint p, boolean delta, Context ctx, int i, SeriesCollector out) {
    Labels labels = base(name, p.getAttributesList(), p.getTimeUnixNano(), ctx, i, out);
    if (labels == null) {
      return Long.MIN_VALUE;
    }
    if (p.getValueCase() == NumberDataPoint.ValueCase.VALUE_NOT_SET && !OtlpMetricsTranslator.noRecordedValue(p.getFlags())) {
      out.reject(1, ctx.where() + ".dataPoints[" + i + "]: no value (asDouble or asInt)");
      return Long.MIN_VALUE;
    }
    double v = p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble();
    long t = p.getTimeUnixNano() / 1_000_000;
    if (OtlpMetricsTranslator.noRecordedValue(p.getFlags())) {
      v = STALE_NAN;
    } else if (delta) {
      double add = v;
      double[] total = deltas.accumulate(labels, p.getStartTimeUnixNano(), p.getTimeUnixNano(),
          () -> new double[1], tot -> {
            tot[0] += add;
            return tot;
          });
      if (total == null) {
        out.overlappingDelta(ctx.where() + ".dataPoints[" + i + "]");
        return Long.MIN_VALUE;
      }
      v = total[0];
    }
    out.add(labels, t, v);
    for (var e : p.getExemplarsList()) {
      out.exemplar(labels, OtlpMetricsTranslator.exemplar(e));
    }
    return t;
  }

  private long histogram(String name, HistogramDataPoint p, boolean delta, Context ctx, int i, SeriesCollector out) {
    Labels labels = base(name, p.getAttributesList(), p.getTimeUnixNano(), ctx, i, out);
    if (labels == null) {
      return Long.MIN_VALUE;
    }
    String where = ctx.where() + ".dataPoints[" + i + "]";
    double[] bounds = p.getExplicitBoundsList().stream().mapToDouble(Double::doubleValue).toArray();
    if (p.getBucketCountsCount() != 0 && p.getBucketCountsCount() != bounds.length + 1) {
      out.reject(1, where + ": " + p.getBucketCountsCount() + " bucket counts for " + bounds.length
          + " explicit bounds (expected " + (bounds.length + 1) + ")");
      return Long.MIN_VALUE;
    }
    for (int b = 1; b < bounds.length; b++) {
      if (!(bounds[b] > bounds[b - 1])) {
        out.reject(1, where + ".explicitBounds: not strictly increasing at index " + b);
        return Long.MIN_VALUE;
      }
    }
    long t = p.getTimeUnixNano() / 1_000_000;
    if (OtlpMetricsTranslator.noRecordedValue(p.getFlags())) {
      stale(labels, bounds, t, out);
      return t;
    }
    long[] counts = p.getBucketCountsCount() == 0 ? new long[bounds.length + 1]
        : p.getBucketCountsList().stream().mapToLong(Long::longValue).toArray();
    double sum = p.getSum();
    long count = p.getCount();
    if (delta) {
      HistogramTotal total = deltas.accumulate(labels, p.getStartTimeUnixNano(), p.getTimeUnixNano(),
          HistogramTotal::new, tot -> {
            if (tot.bounds == null || !Arrays.equals(tot.bounds, bounds)) {
              tot.bounds = bounds; // a new layout restarts the series (a counter reset for PromQL)
              tot.counts = new long[counts.length];
              tot.sum = 0;
              tot.count = 0;
            }
            for (int b = 0; b < counts.length; b++) {
              tot.counts[b] += counts[b];
            }
            tot.sum += sum;
            tot.count += count;
            return tot;
          });
      if (total == null) {
        out.overlappingDelta(where);
        return Long.MIN_VALUE;
      }
      emitHistogram(labels, bounds, total.counts.clone(), total.sum, p.hasSum(), total.count, t, p.getExemplarsList(), out);
    } else {
      emitHistogram(labels, bounds, counts, sum, p.hasSum(), count, t, p.getExemplarsList(), out);
    }
    return t;
  }

  private long exponential(String name, ExponentialHistogramDataPoint p, boolean delta, Context ctx, int i,
                           SeriesCollector out) {
    Labels labels = base(name, p.getAttributesList(), p.getTimeUnixNano(), ctx, i, out);
    if (labels == null) {
      return Long.MIN_VALUE;
    }
    long t = p.getTimeUnixNano() / 1_000_000;
    if (OtlpMetricsTranslator.noRecordedValue(p.getFlags())) {
      stale(labels, new double[0], t, out);
      return t;
    }
    ExponentialBuckets point = ExponentialBuckets.of(p);
    ExponentialBuckets buckets = point;
    double sum = p.getSum();
    long count = p.getCount();
    if (delta) {
      ExponentialTotal total = deltas.accumulate(labels, p.getStartTimeUnixNano(), p.getTimeUnixNano(),
          ExponentialTotal::new, tot -> {
            if (tot.buckets == null) {
              tot.buckets = point.copy();
            } else {
              tot.buckets.add(point);
            }
            tot.sum += p.getSum();
            tot.count += p.getCount();
            return tot;
          });
      if (total == null) {
        out.overlappingDelta(ctx.where() + ".dataPoints[" + i + "]");
        return Long.MIN_VALUE;
      }
      buckets = total.buckets.copy();
      sum = total.sum;
      count = total.count;
    } else {
      buckets = point.copy();
    }
    buckets.fit(maxExponentialBuckets);
    List<double[]> cumulative = buckets.cumulative();
    double[] bounds = new double[cumulative.size()];
    long[] counts = new long[cumulative.size() + 1];
    long previous = 0;
    for (int b = 0; b < cumulative.size(); b++) {
      bounds[b] = cumulative.get(b)[0];
      long c = (long) cumulative.get(b)[1];
      counts[b] = c - previous;
      previous = c;
    }
    counts[cumulative.size()] = Math.max(0, count - previous);
    emitHistogram(labels, bounds, counts, sum, p.hasSum(), count, t, p.getExemplarsList(), out);
    return t;
  }

  private long summary(String name, SummaryDataPoint p, Context ctx, int i, SeriesCollector out) {
    Labels labels = base(name, p.getAttributesList(), p.getTimeUnixNano(), ctx, i, out);
    if (labels == null) {
      return Long.MIN_VALUE;
    }
    long t = p.getTimeUnixNano() / 1_000_000;
    boolean stale = OtlpMetricsTranslator.noRecordedValue(p.getFlags());
    for (var q : p.getQuantileValuesList()) {
      out.add(labels.toBuilder().set("quantile", SeriesCollector.formatBound(q.getQuantile())).build(), t,
          stale ? STALE_NAN : q.getValue());
    }
    out.add(suffixed(labels, "_sum"), t, stale ? STALE_NAN : p.getSum());
    out.add(suffixed(labels, "_count"), t, stale ? STALE_NAN : p.getCount());
    return t;
  }

  /** Writes _bucket (cumulative, with +Inf), _sum and _count; exemplars go to the bucket holding their value. */
  private static void emitHistogram(Labels labels, double[] bounds, long[] counts, double sum, boolean hasSum,
                                    long count, long t, List<io.opentelemetry.proto.metrics.v1.Exemplar> exemplars,
                                    SeriesCollector out) {
    List<Labels> bucketLabels = new ArrayList<>(bounds.length + 1);
    long running = 0;
    for (int b = 0; b < bounds.length; b++) {
      running += counts[b];
      Labels bl = bucket(labels, SeriesCollector.formatBound(bounds[b]));
      bucketLabels.add(bl);
      out.add(bl, t, running);
    }
    Labels inf = bucket(labels, "+Inf");
    bucketLabels.add(inf);
    out.add(inf, t, count);
    if (hasSum) {
      out.add(suffixed(labels, "_sum"), t, sum);
    }
    out.add(suffixed(labels, "_count"), t, count);
    for (var e : exemplars) {
      Exemplar ex = OtlpMetricsTranslator.exemplar(e);
      int b = 0;
      while (b < bounds.length && ex.value() > bounds[b]) {
        b++;
      }
      out.exemplar(bucketLabels.get(b), ex);
    }
  }

  private static void stale(Labels labels, double[] bounds, long t, SeriesCollector out) {
    for (double bound : bounds) {
      out.add(bucket(labels, SeriesCollector.formatBound(bound)), t, STALE_NAN);
    }
    out.add(bucket(labels, "+Inf"), t, STALE_NAN);
    out.add(suffixed(labels, "_sum"), t, STALE_NAN);
    out.add(suffixed(labels, "_count"), t, STALE_NAN);
  }

  private static Labels bucket(Labels labels, String le) {
    return labels.toBuilder().set(Labels.METRIC_NAME, labels.metricName() + "_bucket").set("le", le).build();
  }

  private static Labels suffixed(Labels labels, String suffix) {
    return labels.toBuilder().set(Labels.METRIC_NAME, labels.metricName() + suffix).build();
  }

  /** The series labels of a point, or null (and a rejection) when the point is unusable. */
  private static Labels base(String name, List<KeyValue> attributes, long timeNanos, Context ctx, int i,
                             SeriesCollector out) {
    if (timeNanos == 0) {
      out.reject(1, ctx.where() + ".dataPoints[" + i + "].timeUnixNano: missing (0)");
      return null;
    }
    Labels.Builder b = OtlpMetricsTranslator.labels(OtlpMetricsTranslator.strings(attributes));
    b.set(Labels.METRIC_NAME, name)
        .set("otel_scope_name", ctx.scopeName())
        .set("otel_scope_version", ctx.scopeVersion());
    // The resource's identity wins over a point attribute of the same name.
    if (ctx.job() != null) {
      b.set("job", ctx.job());
    }
    if (ctx.instance() != null) {
      b.set("instance", ctx.instance());
    }
    Labels labels = b.build();
    if (labels.size() > ctx.maxLabels()) {
      out.reject(1, ctx.where() + ".dataPoints[" + i + "]: " + labels.size() + " labels exceed maxLabelsPerSeries = "
          + ctx.maxLabels());
      return null;
    }
    return labels;
  }

  private static int pointCount(Metric m) {
    return switch (m.getDataCase()) {
      case GAUGE -> m.getGauge().getDataPointsCount();
      case SUM -> m.getSum().getDataPointsCount();
      case HISTOGRAM -> m.getHistogram().getDataPointsCount();
      case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getDataPointsCount();
      case SUMMARY -> m.getSummary().getDataPointsCount();
      default -> 1;
    };
  }
}
