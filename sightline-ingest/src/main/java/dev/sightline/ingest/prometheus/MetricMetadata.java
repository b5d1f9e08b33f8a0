package dev.sightline.ingest.prometheus;

import java.util.Objects;

/**
 * What a source said about a metric family: its type, help text and unit (each may be empty).
 *
 * @param family the family name as written in {@code # TYPE}/{@code # HELP} lines, without suffixes
 *     such as {@code _total} or {@code _bucket}
 */
public record MetricMetadata(String family, MetricType type, String help, String unit) {
  public MetricMetadata {
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(type, "type");
    help = Objects.requireNonNullElse(help, "");
    unit = Objects.requireNonNullElse(unit, "");
  }
}
