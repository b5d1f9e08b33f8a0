package dev.sightline.ingest.otlp.metrics;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.sightline.ingest.InvalidPayloadException;
import dev.sightline.ingest.internal.OtlpJsonReader;
import dev.sightline.ingest.internal.OtlpValues;
import dev.sightline.ingest.internal.ValueJson;
import dev.sightline.ingest.otlp.metrics.internal.DeltaState;
import dev.sightline.ingest.otlp.metrics.internal.MetricNaming;
import dev.sightline.ingest.otlp.metrics.internal.SeriesCollector;
import dev.sightline.ingest.prometheus.Exemplar;
import dev.sightline.ingest.prometheus.MetricType;
import dev.sightline.model.Ids;
import dev.sightline.model.metric.Labels;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Translates OTLP metrics exports into Prometheus series, following the OpenTelemetry "Prometheus and
 * OpenMetrics Compatibility" specification.
 *
 * <ul>
 *   <li>Names: {@code http.server.request.duration} (unit {@code s}, histogram) becomes
 *       {@code http_server_request_duration_seconds_bucket/_sum/_count}; monotonic sums get {@code _total};
 *       unit {@code 1} on a gauge becomes {@code _ratio}; {@code By} is {@code bytes}; {@code {requests}}
 *       annotations are dropped. Attribute keys become label names ({@code http.method} → {@code http_method});
 *       keys that collide after sanitising have their values joined with {@code ;} in key order.
 *   <li>Resource: {@code job} = {@code service.namespace/service.name} (or {@code service.name}),
 *       {@code instance} = {@code service.instance.id}; the other resource attributes go to one
 *       {@code target_info} gauge (value 1) per resource, with {@code job} and {@code instance}.
 *   <li>Scope: {@code otel_scope_name} and {@code otel_scope_version} labels on every series.
 *   <li>Gauge → gauge. Sum: monotonic → counter ({@code _total}), otherwise gauge. DELTA sums and
 *       histograms are accumulated into cumulative totals per series (see {@link DeltaState}: bounded,
 *       evictions counted, overlapping deltas dropped).
 *   <li>Histogram → {@code _bucket{le}} (cumulative counts, {@code +Inf} = count), {@code _sum} (when
 *       present), {@code _count}. Min and max are not representable and are dropped.
 *   <li>Exponential histogram → classic buckets with upper bounds {@code base^(i+1)} (and {@code -base^i}
 *       for negative buckets, then the zero bucket at {@code zero_threshold}); the scale is lowered until
 *       each sign fits {@link OtlpMetricsOptions#maxExponentialBuckets()} buckets. Counts stay exact;
 *       resolution is lost when the scale is lowered, and {@code le} values can change from one point to
 *       the next when the populated range moves. Sightline has no native histograms yet.
 *   <li>Summary → {@code {quantile}} series, {@code _sum}, {@code _count}.
 *   <li>Points flagged {@code FLAG_NO_RECORDED_VALUE} become Prometheus staleness markers.
 *   <li>Exemplars keep their filtered attributes plus {@code trace_id}/{@code span_id} (hex) and attach
 *       to the counter series, or the histogram bucket that contains their value.
 * </ul>
 * Start times are not exported as {@code _created} series. Invalid data points are rejected one by one
 * (OTLP partial success); a body that cannot be parsed throws {@link InvalidPayloadException}.
 *
 * <p>Thread-safe; build one per server and share it (the DELTA state lives in it).
 */
public final class OtlpMetricsTranslator {
  /** Prometheus's staleness marker bits, the same as sightline-store's {@code StaleMarker.STALE_NAN}. */
  static final double STALE_NAN = Double.longBitsToDouble(0x7ff0000000000002L);
  private static final int FLAG_NO_RECORDED_VALUE = 1;

  private final OtlpMetricsOptions options;
  private final OtlpJsonReader json;
  private final DeltaState deltas;
  private final PointTranslator points;

  private OtlpMetricsTranslator(OtlpMetricsOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.json = new OtlpJsonReader(options.ingestLimits());
    this.deltas = new DeltaState(options.maxDeltaSeries());
    this.points = new PointTranslator(deltas, options.maxExponentialBuckets());
  }

  public static OtlpMetricsTranslator create(OtlpMetricsOptions options) {
    return new OtlpMetricsTranslator(options);
  }

  /** Decodes an {@code application/x-protobuf} body (already decompressed, see {@code Payloads}). */
  public MetricsTranslation decodeProtobuf(byte[] body) {
    try {
      return translate(ExportMetricsServiceRequest.parseFrom(body));
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidPayloadException("malformed OTLP protobuf ExportMetricsServiceRequest: " + e.getMessage(), e);
    }
  }

  /** Decodes an {@code application/json} body per the OTLP/JSON rules (the traces and logs reader). */
  public MetricsTranslation decodeJson(byte[] body) {
    ExportMetricsServiceRequest.Builder b = ExportMetricsServiceRequest.newBuilder();
    json.merge(body, b);
    return translate(b.build());
  }

  /** Translates a parsed request, as the gRPC service receives it. */
  public MetricsTranslation translate(ExportMetricsServiceRequest request) {
    SeriesCollector out = new SeriesCollector();
    Set<Labels> targetInfos = new HashSet<>();
    for (int r = 0; r < request.getResourceMetricsCount(); r++) {
      ResourceMetrics rm = request.getResourceMetrics(r);
      Map<String, String> resource = strings(rm.getResource().getAttributesList());
      String name = resource.get("service.name");
      String namespace = resource.get("service.namespace");
      String job = name == null ? null : namespace == null ? name : namespace + "/" + name;
      String instance = resource.get("service.instance.id");
      long lastTimestampMs = Long.MIN_VALUE;
      for (int s = 0; s < rm.getScopeMetricsCount(); s++) {
        ScopeMetrics sm = rm.getScopeMetrics(s);
        for (int m = 0; m < sm.getMetricsCount(); m++) {
          String where = "resourceMetrics[" + r + "].scopeMetrics[" + s + "].metrics[" + m + "]";
          Metric metric = sm.getMetrics(m);
          PointTranslator.Context ctx = new PointTranslator.Context(where, job, instance,
              sm.getScope().getName(), sm.getScope().getVersion(), options.maxLabelsPerSeries());
          lastTimestampMs = Math.max(lastTimestampMs, points.translate(metric, ctx, out));
        }
      }
      if (options.targetInfo() && lastTimestampMs != Long.MIN_VALUE) {
        targetInfo(resource, job, instance, lastTimestampMs, out, targetInfos);
      }
    }
    return new MetricsTranslation(out.series(), out.metadata(), out.rejected(), out.errorMessage(),
        out.overlappingDeltas());
  }

  /** The response an OTLP receiver sends: empty on full success, partial_success otherwise. */
  public static ExportMetricsServiceResponse response(MetricsTranslation t) {
    ExportMetricsServiceResponse.Builder b = ExportMetricsServiceResponse.newBuilder();
    if (t.isPartial()) {
      b.setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
          .setRejectedDataPoints(t.rejectedDataPoints())
          .setErrorMessage(t.errorMessage()));
    }
    return b.build();
  }

  /** DELTA series whose running totals are held now. */
  public int deltaSeriesTracked() {
    return deltas.size();
  }

  /** DELTA series evicted since start (each restarts from zero); export as a counter. */
  public long deltaSeriesEvicted() {
    return deltas.evictions();
  }

  private static void targetInfo(Map<String, String> resource, String job, String instance, long timestampMs,
                                 SeriesCollector out, Set<Labels> seen) {
    Map<String, String> others = new TreeMap<>(resource);
    others.keySet().removeAll(List.of("service.name", "service.namespace", "service.instance.id"));
    if (others.isEmpty()) {
      return;
    }
    Labels.Builder b = labels(others);
    b.set(Labels.METRIC_NAME, "target_info").set("job", job).set("instance", instance);
    Labels labels = b.build();
    if (seen.add(labels)) {
      out.add(labels, timestampMs, 1);
      out.metadata("target", MetricType.INFO, "Target metadata", "");
    }
  }

  /** Attribute values as label values: strings as they are, arrays and maps as JSON. */
  static Map<String, String> strings(List<KeyValue> kvs) {
    Map<String, String> m = new TreeMap<>();
    for (KeyValue kv : kvs) {
      String v = string(kv.getValue());
      if (v != null) {
        m.put(kv.getKey(), v);
      }
    }
    return m;
  }

  private static String string(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case VALUE_NOT_SET -> null;
      case ARRAY_VALUE, KVLIST_VALUE -> ValueJson.toJson(OtlpValues.value(v));
      default -> String.valueOf(OtlpValues.value(v));
    };
  }

  /**
   * Label names from attribute keys; keys that sanitise to the same name are joined with {@code ;} in
   * the order of their original keys, as the specification asks. {@code attrs} must be sorted by key.
   */
  static Labels.Builder labels(Map<String, String> attrs) {
    Map<String, String> joined = new TreeMap<>();
    attrs.forEach((k, v) -> joined.merge(MetricNaming.labelName(k), v, (a, b) -> a + ";" + b));
    Labels.Builder b = Labels.builder();
    joined.forEach(b::set);
    return b;
  }

  static Labels exemplarLabels(io.opentelemetry.proto.metrics.v1.Exemplar e) {
    Labels.Builder b = labels(strings(e.getFilteredAttributesList()));
    if (!e.getTraceId().isEmpty()) {
      b.set("trace_id", Ids.toHex(e.getTraceId().toByteArray()));
    }
    if (!e.getSpanId().isEmpty()) {
      b.set("span_id", Ids.toHex(e.getSpanId().toByteArray()));
    }
    return b.build();
  }

  static Exemplar exemplar(io.opentelemetry.proto.metrics.v1.Exemplar e) {
    double v = e.getValueCase() == io.opentelemetry.proto.metrics.v1.Exemplar.ValueCase.AS_INT
        ? e.getAsInt() : e.getAsDouble();
    long t = e.getTimeUnixNano() == 0 ? Exemplar.NO_TIMESTAMP : e.getTimeUnixNano() / 1_000_000;
    return new Exemplar(exemplarLabels(e), v, t);
  }

  static boolean noRecordedValue(int flags) {
    return (flags & FLAG_NO_RECORDED_VALUE) != 0;
  }

  static boolean isDelta(AggregationTemporality t) {
    return t == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
  }
}
