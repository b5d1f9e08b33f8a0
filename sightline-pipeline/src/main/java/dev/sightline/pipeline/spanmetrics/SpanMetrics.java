package dev.sightline.pipeline.spanmetrics;

import dev.sightline.model.Span;
import dev.sightline.model.SpanKind;
import dev.sightline.model.StatusCode;
import dev.sightline.model.metric.Labels;
import dev.sightline.pipeline.spanmetrics.internal.Histogram;
import dev.sightline.pipeline.spanmetrics.internal.Samples;
import dev.sightline.pipeline.spanmetrics.internal.ServiceGraph;
import dev.sightline.store.metrics.AppendResult;
import dev.sightline.store.metrics.MetricAppender;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RED metrics and the service graph, derived from 100% of spans (feed it before any sampling), so that
 * golden signals, the service map and alert rules work for any service that sends spans.
 *
 * <p>Series use the names the OpenTelemetry Collector's spanmetrics and servicegraph connectors give
 * them in Prometheus form (spanmetrics with its default {@code traces.span.metrics} namespace and the
 * histogram unit set to seconds), so dashboards and alert rules written for a Collector carry over:
 * <ul>
 *   <li>{@code traces_span_metrics_calls_total{service_name, span_name, span_kind, status_code}}</li>
 *   <li>{@code traces_span_metrics_duration_seconds_bucket{..., le}}, {@code _sum}, {@code _count}</li>
 *   <li>{@code traces_service_graph_request_total{client, server, connection_type}},
 *       {@code traces_service_graph_request_failed_total},
 *       {@code traces_service_graph_request_server_seconds_*}, {@code ..._client_seconds_*}</li>
 * </ul>
 * {@code span_kind} and {@code status_code} carry the OTLP enum names ({@code SPAN_KIND_SERVER},
 * {@code STATUS_CODE_ERROR}), as the connector writes them. Seconds rather than the connector's default
 * milliseconds because Prometheus conventions (and every RED dashboard built on them) use base units.
 *
 * <p>Values are cumulative since start; {@link #flush} writes them all with one timestamp. Thread-safe:
 * {@link #consume} (the ingest writer thread) and {@link #flush} (a timer) take one lock.
 */
public final class SpanMetrics {
  public static final String CALLS_TOTAL = "traces_span_metrics_calls_total";
  public static final String DURATION_SECONDS = "traces_span_metrics_duration_seconds";
  /** The span name that operations beyond the per-service limit are counted under. */
  public static final String OTHER_OPERATION = "other";

  private static final Labels OVERFLOW = Labels.of("otel_metric_overflow", "true");

  private record Key(String service, String spanName, String kind, String status) {}

  private static final class Series {
    final Labels labels;
    long calls;
    final Histogram duration;

    Series(Labels labels, double[] bounds) {
      this.labels = labels;
      this.duration = new Histogram(bounds);
    }
  }

  private final double[] bounds;
  private final int maxOperations;
  private final int maxSeries;
  private final Clock clock;
  private final ServiceGraph graph;
  private final Map<Key, Series> series = new HashMap<>();
  private final Map<String, Set<String>> operations = new HashMap<>();
  private Series overflow;
  private long spans;
  private long operationOverflowSpans;
  private long seriesOverflowSpans;

  private SpanMetrics(SpanMetricsConfig c, Clock clock) {
    this.bounds = c.histogramBucketsSeconds().stream().mapToDouble(Double::doubleValue).toArray();
    this.maxOperations = c.maxOperationsPerService();
    this.maxSeries = c.maxSeries();
    this.clock = clock;
    this.graph = c.serviceGraph()
        ? new ServiceGraph(bounds, c.serviceGraphMaxPending(), c.serviceGraphWait().toMillis()) : null;
  }

  public static SpanMetrics create(SpanMetricsConfig config, Clock clock) {
    return new SpanMetrics(config, clock);
  }

  /** Counts every span of the batch. */
  public synchronized void consume(List<Span> batch) {
    long now = clock.millis();
    for (Span s : batch) {
      spans++;
      Series ser = seriesFor(s);
      ser.calls++;
      ser.duration.observe(s.durationNanos() / 1e9, s.traceId(), s.spanId(), s.endEpochNanos() / 1_000_000);
      if (graph != null) {
        graph.accept(s, now, seriesCount() < maxSeries);
      }
    }
    if (graph != null) {
      graph.expire(now);
    }
  }

  // Label values per enum constant: built once, their hash codes cached, rather than two new strings
  // to build and hash for every span.
  private static final String[] KIND_LABELS = labels("SPAN_KIND_", SpanKind.values());
  private static final String[] STATUS_LABELS = labels("STATUS_CODE_", StatusCode.values());

  private static String[] labels(String prefix, Enum<?>[] values) {
    String[] out = new String[values.length];
    for (Enum<?> v : values) {
      out[v.ordinal()] = prefix + v.name();
    }
    return out;
  }

  private Series seriesFor(Span s) {
    String service = s.serviceName();
    String name = s.name();
    Set<String> ops = operations.get(service);
    if (ops == null || !ops.contains(name)) {
      if (ops == null) {
        ops = new HashSet<>();
        operations.put(service, ops);
      }
      if (ops.size() < maxOperations) {
        ops.add(name);
      } else {
        name = OTHER_OPERATION;
        operationOverflowSpans++;
      }
    }
    Key key = new Key(service, name, KIND_LABELS[s.kind().ordinal()], STATUS_LABELS[s.status().code().ordinal()]);
    Series ser = series.get(key);
    if (ser == null) {
      if (seriesCount() >= maxSeries) {
        seriesOverflowSpans++;
        if (overflow == null) {
          overflow = new Series(OVERFLOW, bounds);
        }
        return overflow;
      }
      ser = new Series(Labels.of("service_name", key.service, "span_name", key.spanName,
          "span_kind", key.kind, "status_code", key.status), bounds);
      series.put(key, ser);
    }
    return ser;
  }

  private int seriesCount() {
    return series.size() + (graph == null ? 0 : graph.edgeCount());
  }

  /**
   * Appends every series' current cumulative value at {@code nowMs} and commits. Called every 15 s by
   * the server; a series keeps being written after its last span, as a Prometheus counter would.
   */
  public AppendResult flush(MetricAppender appender, long nowMs) throws IOException {
    Samples.Sink sink = (labels, value) -> appender.append(labels, nowMs, value);
    synchronized (this) {
      if (graph != null) {
        graph.expire(clock.millis());
      }
      List<Series> all = new ArrayList<>(series.values());
      if (overflow != null) {
        all.add(overflow);
      }
      for (Series s : all) {
        Samples.counter(sink, CALLS_TOTAL, s.labels, s.calls);
        Samples.histogram(sink, DURATION_SECONDS, s.labels, bounds, s.duration);
      }
      if (graph != null) {
        graph.write(sink);
      }
    }
    return appender.commit();
  }

  /** The latest exemplar of every duration bucket that has one (the TSDB does not store exemplars yet). */
  public synchronized List<Exemplar> exemplars() {
    List<Exemplar> out = new ArrayList<>();
    for (Series s : series.values()) {
      Labels.Builder b = s.labels.toBuilder().set(Labels.METRIC_NAME, DURATION_SECONDS + "_bucket");
      for (int i = 0; i < s.duration.buckets(); i++) {
        String trace = s.duration.exemplarTraceId(i);
        if (trace != null) {
          out.add(new Exemplar(b.set("le", Samples.le(bounds, i)).build(), trace,
              s.duration.exemplarSpanId(i), s.duration.exemplarValue(i), s.duration.exemplarTimeMs(i)));
        }
      }
    }
    return out;
  }

  /** Spans consumed. */
  public synchronized long spans() {
    return spans;
  }

  /** Spans counted under {@code span_name="other"} because their service has too many span names. */
  public synchronized long operationOverflowSpans() {
    return operationOverflowSpans;
  }

  /** Spans counted in the {@code otel_metric_overflow="true"} series because {@code max_series} was reached. */
  public synchronized long seriesOverflowSpans() {
    return seriesOverflowSpans;
  }

  /** Span series (label sets of calls_total) plus service-graph edges. */
  public synchronized int series() {
    return seriesCount();
  }

  /** Client/server pairs matched into a service-graph request. */
  public synchronized long serviceGraphPaired() {
    return graph == null ? 0 : graph.paired();
  }

  /** Halves whose pair never arrived within {@code service_graph_wait}. */
  public synchronized long serviceGraphExpired() {
    return graph == null ? 0 : graph.expired();
  }

  /** Halves not stored because {@code service_graph_max_pending} was reached, plus pairs refused by {@code max_series}. */
  public synchronized long serviceGraphDropped() {
    return graph == null ? 0 : graph.droppedPending() + graph.droppedEdges();
  }

  /** Halves waiting for their pair now. */
  public synchronized int serviceGraphPending() {
    return graph == null ? 0 : graph.pendingCount();
  }
}
