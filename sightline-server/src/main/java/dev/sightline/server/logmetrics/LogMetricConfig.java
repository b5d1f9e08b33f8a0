package dev.sightline.server.logmetrics;

import java.util.List;

/**
 * One log-derived counter, configured under {@code log_metrics:}: every log record matching
 * {@code query} (a Sightline query-language condition) adds one to {@code name}, with the listed
 * record fields as labels (dots become underscores). Example — the seed's "more than 10 'Payment
 * failed' a minute":
 * <pre>{@code
 * log_metrics:
 *   - name: payment_failures_total
 *     query: "level = 'ERROR' AND 'Payment failed'"
 *     labels: [service]
 * }</pre>
 * and a rule {@code sum(increase(payment_failures_total[1m])) > 10}.
 */
public record LogMetricConfig(String name, String query, List<String> labels) {
  public LogMetricConfig {
    labels = labels == null ? List.of() : List.copyOf(labels);
  }
}
