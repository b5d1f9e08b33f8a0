package dev.sightline.server.scrape;

import java.util.List;

/**
 * One {@code relabel_configs} / {@code metric_relabel_configs} entry, in Prometheus's format and with
 * its defaults: {@code action: replace}, {@code separator: ";"}, {@code regex: "(.*)"} (anchored),
 * {@code replacement: "$1"}.
 */
public record RelabelConfig(List<String> sourceLabels, String separator, String regex, String targetLabel,
                            String replacement, Long modulus, String action) {
  public RelabelConfig {
    sourceLabels = sourceLabels == null ? List.of() : List.copyOf(sourceLabels);
    separator = separator == null ? ";" : separator;
    regex = regex == null ? "(.*)" : regex;
    replacement = replacement == null ? "$1" : replacement;
    action = action == null ? "replace" : action.toLowerCase(java.util.Locale.ROOT);
  }
}
