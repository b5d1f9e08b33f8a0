package dev.sightline.alerting.rules;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One alert as /api/v1/alerts and /api/v1/rules show it: {@code value} is already a string in
 * Prometheus's format ({@code "1.5e+00"}); {@code keepFiringSince} is null unless keep_firing_for holds it.
 */
public record AlertStatus(Map<String, String> labels, Map<String, String> annotations, String state,
                          Instant activeAt, Instant keepFiringSince, String value) {
  public AlertStatus {
    labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    annotations = java.util.Collections.unmodifiableMap(new TreeMap<>(annotations));
  }
}
