package dev.sightline.server.scrape;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One {@code scrape_configs} entry, in prometheus.yml's format. Unset durations fall back to
 * {@code global:} ({@code scrape_interval} 1m, {@code scrape_timeout} 10s, as Prometheus).
 */
public record ScrapeConfig(String jobName, Duration scrapeInterval, Duration scrapeTimeout, String metricsPath,
                           String scheme, Boolean honorLabels, Boolean honorTimestamps,
                           Map<String, List<String>> params, List<StaticConfig> staticConfigs,
                           List<RelabelConfig> relabelConfigs, List<RelabelConfig> metricRelabelConfigs,
                           Integer sampleLimit) {
  public ScrapeConfig {
    metricsPath = metricsPath == null ? "/metrics" : metricsPath;
    scheme = scheme == null ? "http" : scheme;
    honorLabels = honorLabels != null && honorLabels;
    honorTimestamps = honorTimestamps == null || honorTimestamps;
    params = params == null ? Map.of() : Map.copyOf(params);
    staticConfigs = staticConfigs == null ? List.of() : List.copyOf(staticConfigs);
    relabelConfigs = relabelConfigs == null ? List.of() : List.copyOf(relabelConfigs);
    metricRelabelConfigs = metricRelabelConfigs == null ? List.of() : List.copyOf(metricRelabelConfigs);
    sampleLimit = sampleLimit == null ? 0 : sampleLimit;
  }

  /** {@code static_configs}: targets ({@code host:port}) with extra labels. */
  public record StaticConfig(List<String> targets, Map<String, String> labels) {
    public StaticConfig {
      targets = targets == null ? List.of() : List.copyOf(targets);
      labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
  }
}
