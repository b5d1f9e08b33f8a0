package dev.sightline.pipeline.spanmetrics;

import dev.sightline.model.metric.Labels;

/**
 * The most recent span that fell into one histogram bucket: the link from a latency chart to a trace.
 *
 * @param labels the bucket series' labels, metric name and {@code le} included
 * @param traceId lowercase hex trace id
 * @param spanId lowercase hex span id
 * @param value the span's duration in seconds
 * @param timestampMs when the span ended, milliseconds since the epoch
 */
public record Exemplar(Labels labels, String traceId, String spanId, double value, long timestampMs) {}
