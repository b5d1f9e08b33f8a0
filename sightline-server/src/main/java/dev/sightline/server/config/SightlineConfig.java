package dev.sightline.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import dev.sightline.pipeline.redaction.RedactionConfig;
import dev.sightline.pipeline.sampling.TailSamplingConfig;
import dev.sightline.pipeline.spanmetrics.SpanMetricsConfig;
import dev.sightline.server.probe.ProbeConfig;
import dev.sightline.server.logmetrics.LogMetricConfig;
import dev.sightline.server.scrape.ScrapeConfig;
import dev.sightline.server.scrape.ScrapeManager;

/**
 * Sightline's configuration: what {@code sightline.yaml} holds, after environment variables and
 * command-line flags are applied. Keys are snake_case, as Prometheus's files are. Every section has
 * defaults, so Sightline runs with no file at all. Loaded by {@link ConfigLoader}.
 */
public record SightlineConfig(Server server, Storage storage, Ingest ingest, Metrics metrics, Global global,
                              List<ScrapeConfig> scrapeConfigs, RedactionConfig redaction,
                              TailSamplingConfig tailSampling, SpanMetricsConfig spanMetrics,
                              List<ProbeConfig> probes, List<LogMetricConfig> logMetrics, List<String> ruleFiles,
                              com.fasterxml.jackson.databind.JsonNode alerting, Path alertingConfigFile,
                              List<String> alertingForwardTo) {

  public SightlineConfig {
    scrapeConfigs = scrapeConfigs == null ? List.of() : List.copyOf(scrapeConfigs);
    redaction = redaction == null ? RedactionConfig.defaults() : redaction;
    tailSampling = tailSampling == null ? TailSamplingConfig.disabled() : tailSampling;
    spanMetrics = spanMetrics == null ? SpanMetricsConfig.defaults() : spanMetrics;
    probes = probes == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(probes));
    logMetrics = logMetrics == null ? List.of() : List.copyOf(logMetrics);
    ruleFiles = ruleFiles == null ? List.of() : List.copyOf(ruleFiles);
    alerting = alerting == null || alerting.isNull() || alerting.isMissingNode() ? null : alerting;
    alertingForwardTo = alertingForwardTo == null ? List.of() : List.copyOf(alertingForwardTo);
  }

  public static SightlineConfig defaults() {
    return new SightlineConfig(Server.defaults(), Storage.defaults(), Ingest.defaults(), Metrics.defaults(),
        Global.defaults(), List.of(), RedactionConfig.defaults(), TailSamplingConfig.disabled(),
        SpanMetricsConfig.defaults(), List.of(), List.of(), List.of(), null, null, List.of());
  }

  /** prometheus.yml's {@code global:} section, with Prometheus's defaults. */
  public record Global(Duration scrapeInterval, Duration scrapeTimeout, Duration evaluationInterval,
                       java.util.Map<String, String> externalLabels) {
    public Global {
      externalLabels = externalLabels == null ? java.util.Map.of() : java.util.Map.copyOf(externalLabels);
    }

    static Global defaults() {
      return new Global(Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofMinutes(1), java.util.Map.of());
    }
  }

  /** Where Sightline listens. Port 0 picks a free port (tests use it). */
  public record Server(String host, int httpPort, int otlpGrpcPort, int otlpHttpPort, int zipkinPort,
                       Duration shutdownGrace) {
    static Server defaults() {
      return new Server("0.0.0.0", 7070, 4317, 4318, 9411, Duration.ofSeconds(10));
    }
  }

  /** Where and how long data is kept. */
  public record Storage(Path dataDir, String engine, Duration retention, Duration commitInterval,
                        Duration refreshInterval, boolean fsync, java.util.Map<String, DatasetRetention> datasets) {
    /** A Lucene index per dataset and day, every field of every record indexed (decision 0009). */
    public static final String LUCENE = "lucene";
    /** Compressed chunks per service and day, Bloom filters of ids, no per-record index (decision 0010). */
    public static final String CHUNKS = "chunks";

    public Storage {
      datasets = datasets == null ? java.util.Map.of() : java.util.Map.copyOf(datasets);
    }

    static Storage defaults() {
      return new Storage(Path.of("data"), LUCENE, Duration.ofDays(7), Duration.ofSeconds(10), Duration.ofMillis(500),
          true, java.util.Map.of());
    }
  }

  /**
   * Retention of one dataset ({@code logs} or {@code spans}) when it differs from {@code storage.retention},
   * with per-service overrides: {@code logs: {retention: 7d, per_service: {payment: 365d}}} keeps payment's
   * logs a year for an audit and everyone else's a week.
   */
  public record DatasetRetention(Duration retention, java.util.Map<String, Duration> perService) {
    public DatasetRetention {
      perService = perService == null ? java.util.Map.of() : java.util.Map.copyOf(perService);
    }
  }

  /** Limits every receiver enforces. */
  /**
   * Limits every receiver enforces. {@code log_rate_limit_per_service} (records/s, 0 = off) protects
   * storage from one noisy service: over it, that service's requests are answered 429 with Retry-After.
   */
  public record Ingest(ByteSize maxBodySize, ByteSize maxDecompressedSize, int queueCapacity,
                       int maxAttributesPerSpan, int maxAttributeValueLength, int maxEventsPerSpan,
                       int maxLinksPerSpan, double logRateLimitPerService, double logBurstPerService) {
    static Ingest defaults() {
      return new Ingest(ByteSize.ofMebibytes(16), ByteSize.ofMebibytes(64), 200_000, 128, 8192, 128, 128, 0, 0);
    }
  }

  /**
   * The metrics store and PromQL. Limits protect against label explosions: a sample that would create a
   * series beyond them is refused with the metric and label named, and counted.
   */
  public record Metrics(Duration retention, ByteSize retentionSize, Duration blockDuration,
                        int maxSeriesPerMetric, int maxLabelsPerSeries, int maxLabelValueLength,
                        Duration lookbackDelta, Duration queryTimeout, int maxSamplesPerQuery) {
    static Metrics defaults() {
      return new Metrics(Duration.ofDays(15), new ByteSize(0), Duration.ofHours(2), 50_000, 30, 2048,
          Duration.ofMinutes(5), Duration.ofMinutes(2), 50_000_000);
    }
  }

  /** Problems a person must fix, each naming the key; empty when the configuration is usable. */
  public List<String> problems() {
    List<String> p = new ArrayList<>();
    port(p, "server.http_port", server.httpPort());
    port(p, "server.otlp_grpc_port", server.otlpGrpcPort());
    port(p, "server.otlp_http_port", server.otlpHttpPort());
    port(p, "server.zipkin_port", server.zipkinPort());
    int[] ports = {server.httpPort(), server.otlpGrpcPort(), server.otlpHttpPort(), server.zipkinPort()};
    for (int i = 0; i < ports.length; i++) {
      for (int j = i + 1; j < ports.length; j++) {
        if (ports[i] != 0 && ports[i] == ports[j]) {
          p.add("server: two listeners share port " + ports[i] + "; each needs its own");
        }
      }
    }
    if (server.host() == null || server.host().isBlank()) {
      p.add("server.host: expected an address to listen on, such as 0.0.0.0 or 127.0.0.1");
    }
    if (!Storage.LUCENE.equals(storage.engine()) && !Storage.CHUNKS.equals(storage.engine())) {
      p.add("storage.engine: expected " + Storage.LUCENE + " or " + Storage.CHUNKS + ", got '" + storage.engine() + "'");
    }
    positive(p, "storage.retention", storage.retention());
    storage.datasets().forEach((name, r) -> {
      if (!name.equals("logs") && !name.equals("spans")) {
        p.add("storage.datasets." + name + ": unknown dataset; expected logs or spans");
      }
      if (r.retention() != null) {
        positive(p, "storage.datasets." + name + ".retention", r.retention());
      }
      r.perService().forEach((svc, d) -> positive(p, "storage.datasets." + name + ".per_service." + svc, d));
    });
    positive(p, "storage.commit_interval", storage.commitInterval());
    positive(p, "storage.refresh_interval", storage.refreshInterval());
    if (storage.refreshInterval().compareTo(Duration.ofSeconds(1)) > 0) {
      p.add("storage.refresh_interval: at most 1s, so that data is searchable within a second; got "
          + DurationText.format(storage.refreshInterval()));
    }
    atLeast(p, "ingest.max_body_size", ingest.maxBodySize().bytes(), 1024);
    atLeast(p, "ingest.max_decompressed_size", ingest.maxDecompressedSize().bytes(), ingest.maxBodySize().bytes());
    atLeast(p, "ingest.queue_capacity", ingest.queueCapacity(), 1);
    atLeast(p, "ingest.max_attributes_per_span", ingest.maxAttributesPerSpan(), 1);
    atLeast(p, "ingest.max_attribute_value_length", ingest.maxAttributeValueLength(), 16);
    atLeast(p, "ingest.max_events_per_span", ingest.maxEventsPerSpan(), 0);
    atLeast(p, "ingest.max_links_per_span", ingest.maxLinksPerSpan(), 0);
    if (ingest.logRateLimitPerService() < 0 || ingest.logBurstPerService() < 0) {
      p.add("ingest.log_rate_limit_per_service and log_burst_per_service: expected 0 (off) or a positive rate");
    }
    positive(p, "metrics.retention", metrics.retention());
    positive(p, "metrics.block_duration", metrics.blockDuration());
    positive(p, "metrics.lookback_delta", metrics.lookbackDelta());
    positive(p, "metrics.query_timeout", metrics.queryTimeout());
    atLeast(p, "metrics.max_series_per_metric", metrics.maxSeriesPerMetric(), 1);
    atLeast(p, "metrics.max_labels_per_series", metrics.maxLabelsPerSeries(), 1);
    atLeast(p, "metrics.max_label_value_length", metrics.maxLabelValueLength(), 16);
    atLeast(p, "metrics.max_samples_per_query", metrics.maxSamplesPerQuery(), 1);
    positive(p, "global.scrape_interval", global.scrapeInterval());
    positive(p, "global.scrape_timeout", global.scrapeTimeout());
    positive(p, "global.evaluation_interval", global.evaluationInterval());
    try {
      dev.sightline.server.logmetrics.LogMetrics.of(logMetrics);
    } catch (IllegalArgumentException e) {
      p.add(e.getMessage());
    }
    if (alerting != null && alertingConfigFile != null) {
      p.add("alerting and alerting_config_file: give the Alertmanager configuration inline or in a file, not both");
    }
    for (String url : alertingForwardTo) {
      if (!url.startsWith("http://") && !url.startsWith("https://")) {
        p.add("alerting_forward_to: expected an Alertmanager base URL such as http://alertmanager:9093, got " + url);
      }
    }
    try {
      ScrapeManager.targets(scrapeConfigs, global.scrapeInterval(), global.scrapeTimeout());
    } catch (IllegalArgumentException e) {
      p.add(e.getMessage());
    }
    p.addAll(ProbeConfig.problems(probes));
    return p;
  }

  private static void port(List<String> p, String key, int port) {
    if (port < 0 || port > 65535) {
      p.add(key + ": expected a port from 0 to 65535, got " + port);
    }
  }

  private static void positive(List<String> p, String key, Duration d) {
    if (d.isNegative() || d.isZero()) {
      p.add(key + ": expected a positive duration, got " + DurationText.format(d));
    }
  }

  private static void atLeast(List<String> p, String key, long value, long min) {
    if (value < min) {
      p.add(key + ": expected at least " + min + ", got " + value);
    }
  }
}
