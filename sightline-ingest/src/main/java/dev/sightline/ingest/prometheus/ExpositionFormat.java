package dev.sightline.ingest.prometheus;

import java.util.Locale;

/** The two text formats a scrape target can answer with. */
public enum ExpositionFormat {
  /** Prometheus text format 0.0.4: {@code text/plain; version=0.0.4}; timestamps in milliseconds. */
  PROMETHEUS_TEXT("text/plain; version=0.0.4; charset=utf-8"),
  /** OpenMetrics 1.0 text: must end with {@code # EOF}; timestamps in seconds; exemplars allowed. */
  OPENMETRICS_TEXT("application/openmetrics-text; version=1.0.0; charset=utf-8");

  private final String contentType;

  ExpositionFormat(String contentType) {
    this.contentType = contentType;
  }

  /** The Content-Type a target sends for this format; also usable in a scrape's Accept header. */
  public String contentType() {
    return contentType;
  }

  /**
   * The format of a scrape response by its Content-Type header: {@code application/openmetrics-text} is
   * OpenMetrics, anything else (including a missing header) is the Prometheus text format, as Prometheus
   * itself falls back.
   */
  public static ExpositionFormat fromContentType(String contentType) {
    if (contentType != null && contentType.toLowerCase(Locale.ROOT).trim().startsWith("application/openmetrics-text")) {
      return OPENMETRICS_TEXT;
    }
    return PROMETHEUS_TEXT;
  }
}
