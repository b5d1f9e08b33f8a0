package dev.sightline.server.http;

import dev.sightline.ingest.prometheus.MetricMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What sources said about metric families (TYPE, HELP, UNIT from scrapes, remote-write metadata and
 * OTLP), for {@code GET /api/v1/metadata} in Prometheus's shape. In memory, at most
 * {@value #MAX_FAMILIES} families, the latest statement per family and type winning.
 */
public final class MetricMetadataStore {
  static final int MAX_FAMILIES = 50_000;
  private final Map<String, Map<String, MetricMetadata>> byFamily = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Map<String, MetricMetadata>> eldest) {
      return size() > MAX_FAMILIES;
    }
  };

  public synchronized void record(List<MetricMetadata> metadata) {
    for (MetricMetadata m : metadata) {
      byFamily.computeIfAbsent(m.family(), k -> new LinkedHashMap<>()).put(m.type().exposedName(), m);
    }
  }

  /** {@code {family: [{type, help, unit}]}}, sorted by family; {@code limit} families, {@code metric} one. */
  public synchronized Map<String, List<Map<String, String>>> query(String metric, int limit) {
    Map<String, List<Map<String, String>>> out = new TreeMap<>();
    for (var e : byFamily.entrySet()) {
      if (metric != null && !metric.isEmpty() && !metric.equals(e.getKey())) {
        continue;
      }
      List<Map<String, String>> list = new ArrayList<>();
      e.getValue().values().forEach(m -> list.add(Map.of("type", m.type().exposedName(), "help", m.help(),
          "unit", m.unit())));
      out.put(e.getKey(), list);
    }
    if (limit > 0 && out.size() > limit) {
      Map<String, List<Map<String, String>>> cut = new TreeMap<>();
      out.entrySet().stream().limit(limit).forEach(e -> cut.put(e.getKey(), e.getValue()));
      return cut;
    }
    return out;
  }
}
