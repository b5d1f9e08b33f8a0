package dev.sightline.pipeline.redaction;

import java.util.List;
import java.util.Map;

/**
 * What redaction masked since start, per service and rule: the body of {@code GET /api/privacy}.
 * Rule names are {@code key:<blocked key>} for key rules (e.g. {@code key:password}), the value rule
 * name ({@code card}, {@code jwt}, ...), a custom rule's name, or {@code not_allowed} for allow-list
 * masks.
 *
 * @param entries one row per (service, rule) that masked at least one value, sorted by service then
 *     rule
 * @param spansScanned spans passed through redaction
 * @param logsScanned log records passed through redaction
 */
public record PrivacyReport(List<Entry> entries, long spansScanned, long logsScanned) {
  public PrivacyReport {
    entries = List.copyOf(entries);
  }

  /** Total masked values. */
  public long totalRedactions() {
    long n = 0;
    for (Entry e : entries) {
      n += e.count();
    }
    return n;
  }

  /** Count for one service and rule, 0 when none. */
  public long count(String service, String rule) {
    for (Entry e : entries) {
      if (e.service().equals(service) && e.rule().equals(rule)) {
        return e.count();
      }
    }
    return 0;
  }

  /** Counts as nested maps, service → rule → count. */
  public Map<String, Map<String, Long>> byService() {
    Map<String, Map<String, Long>> m = new java.util.TreeMap<>();
    for (Entry e : entries) {
      m.computeIfAbsent(e.service(), k -> new java.util.TreeMap<>()).put(e.rule(), e.count());
    }
    return m;
  }

  /** Values masked by {@code rule} in {@code service}'s spans and logs. */
  public record Entry(String service, String rule, long count) {}
}
