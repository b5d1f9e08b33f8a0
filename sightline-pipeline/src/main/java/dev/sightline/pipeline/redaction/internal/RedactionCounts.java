package dev.sightline.pipeline.redaction.internal;

import dev.sightline.pipeline.redaction.PrivacyReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts masked values per service and rule. Services beyond {@link #MAX_SERVICES} are counted under
 * {@code other}, so a flood of invented service names cannot grow the table without bound.
 */
public final class RedactionCounts {
  public static final int MAX_SERVICES = 1_000;
  public static final String OTHER = "other";

  private final ConcurrentHashMap<String, ConcurrentHashMap<String, LongAdder>> counts =
      new ConcurrentHashMap<>();

  public void hit(String service, String rule) {
    ConcurrentHashMap<String, LongAdder> byRule = counts.get(service);
    if (byRule == null) {
      String s = counts.size() >= MAX_SERVICES ? OTHER : service;
      byRule = counts.computeIfAbsent(s, k -> new ConcurrentHashMap<>());
    }
    byRule.computeIfAbsent(rule, k -> new LongAdder()).increment();
  }

  public List<PrivacyReport.Entry> entries() {
    List<PrivacyReport.Entry> out = new ArrayList<>();
    counts.forEach((service, byRule) -> byRule.forEach((rule, n) ->
        out.add(new PrivacyReport.Entry(service, rule, n.sum()))));
    out.sort(Comparator.comparing(PrivacyReport.Entry::service).thenComparing(PrivacyReport.Entry::rule));
    return out;
  }
}
