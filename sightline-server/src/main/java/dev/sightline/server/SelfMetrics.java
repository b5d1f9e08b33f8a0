package dev.sightline.server;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.Consumer;

/**
 * Sightline's own metrics, exposed at {@code GET /metrics}. Every receiver counts what it received,
 * accepted and rejected (with the reason) per signal and protocol; storage and queues report through
 * callbacks so their modules stay free of a metrics library.
 */
public final class SelfMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter received;
  private final Counter accepted;
  private final Counter rejected;
  private final Counter droppedAttributes;
  private final Counter requests;
  private final Histogram queryDuration;

  public SelfMetrics() {
    received = Counter.builder().name("sightline_received_items_total")
        .help("Items (spans, log records, samples) received, before validation.")
        .labelNames("signal", "protocol").register(registry);
    accepted = Counter.builder().name("sightline_accepted_items_total")
        .help("Items made durable and acknowledged to the client.")
        .labelNames("signal", "protocol").register(registry);
    rejected = Counter.builder().name("sightline_rejected_items_total")
        .help("Items refused, by reason: invalid (bad data, not retried), queue_full and shutting_down "
            + "(retryable), storage_error (retryable), too_large.")
        .labelNames("signal", "protocol", "reason").register(registry);
    droppedAttributes = Counter.builder().name("sightline_dropped_attributes_total")
        .help("Attributes dropped or truncated by ingest limits.")
        .labelNames("signal", "protocol").register(registry);
    requests = Counter.builder().name("sightline_ingest_requests_total")
        .help("Ingest requests by outcome (the HTTP status or gRPC code returned).")
        .labelNames("signal", "protocol", "code").register(registry);
    queryDuration = Histogram.builder().name("sightline_query_duration_seconds")
        .help("Latency of query API requests.")
        .labelNames("endpoint")
        .classicOnly()
        .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
        .register(registry);
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  public void received(String signal, String protocol, long n) {
    received.labelValues(signal, protocol).inc(n);
  }

  public void accepted(String signal, String protocol, long n) {
    accepted.labelValues(signal, protocol).inc(n);
  }

  public void rejected(String signal, String protocol, String reason, long n) {
    if (n > 0) {
      rejected.labelValues(signal, protocol, reason).inc(n);
    }
  }

  public void droppedAttributes(String signal, String protocol, long n) {
    if (n > 0) {
      droppedAttributes.labelValues(signal, protocol).inc(n);
    }
  }

  public void request(String signal, String protocol, String code) {
    requests.labelValues(signal, protocol, code).inc();
  }

  public void queryLatency(String endpoint, long nanos) {
    queryDuration.labelValues(endpoint).observe(nanos / 1e9);
  }

  /** Registers a gauge read at scrape time; the callback reports one value per label set. */
  public void gauge(String name, String help, String[] labelNames, Consumer<MultiValue> values) {
    GaugeWithCallback.builder().name(name).help(help).labelNames(labelNames)
        .callback(cb -> values.accept(cb::call)).register(registry);
  }

  /** Registers a counter read at scrape time; the callback reports one value per label set. */
  public void counter(String name, String help, String[] labelNames, Consumer<MultiValue> values) {
    CounterWithCallback.builder().name(name).help(help).labelNames(labelNames)
        .callback(cb -> values.accept(cb::call)).register(registry);
  }

  /** Receives one value per label set at scrape time. */
  @FunctionalInterface
  public interface MultiValue {
    void value(double value, String... labelValues);
  }
}
