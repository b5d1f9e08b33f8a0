/**
 * RED metrics and service-graph edges derived from spans ({@link
 * dev.sightline.pipeline.spanmetrics.SpanMetrics}), under the names the OpenTelemetry Collector's
 * spanmetrics and servicegraph connectors use in Prometheus form, so existing dashboards and alert
 * rules carry over.
 *
 * <p>Where it sits: after redaction and before tail sampling, on every span, so rates and error ratios
 * stay exact whatever is sampled away. The server calls {@code flush(appender, now)} every 15 s;
 * exemplars are kept in memory ({@code exemplars()}) until the TSDB stores them.
 *
 * <p>Bounds: span names per service ({@code span_name="other"} beyond), label sets in all (one
 * {@code otel_metric_overflow="true"} series beyond), and half-matched service-graph pairs (a bounded,
 * time-limited store). Every overflow is counted.
 */
package dev.sightline.pipeline.spanmetrics;
