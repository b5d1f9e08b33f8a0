package dev.sightline.ingest.prometheus;

/**
 * Bounds on one scrape response. Each one, when exceeded, fails the scrape with a
 * {@link ScrapeLimitException} naming the limit and the line, as Prometheus fails a scrape over its
 * {@code sample_limit}: storing a truncated scrape would make half the series look stale.
 *
 * @param maxLineLength characters per line; default 64 Ki
 * @param maxLabelsPerSeries labels per sample line, not counting the metric name; default 64
 * @param maxLabelValueLength characters per label value; default 4096
 * @param maxSamples samples per scrape; default 200,000
 */
public record ScrapeLimits(int maxLineLength, int maxLabelsPerSeries, int maxLabelValueLength, int maxSamples) {

  public ScrapeLimits {
    positive("maxLineLength", maxLineLength);
    positive("maxLabelsPerSeries", maxLabelsPerSeries);
    positive("maxLabelValueLength", maxLabelValueLength);
    positive("maxSamples", maxSamples);
  }

  public static ScrapeLimits defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  private static void positive(String name, int v) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + v);
    }
  }

  public static final class Builder {
    private int maxLineLength = 64 * 1024;
    private int maxLabelsPerSeries = 64;
    private int maxLabelValueLength = 4096;
    private int maxSamples = 200_000;

    private Builder() {}

    public Builder maxLineLength(int v) {
      maxLineLength = v;
      return this;
    }

    public Builder maxLabelsPerSeries(int v) {
      maxLabelsPerSeries = v;
      return this;
    }

    public Builder maxLabelValueLength(int v) {
      maxLabelValueLength = v;
      return this;
    }

    public Builder maxSamples(int v) {
      maxSamples = v;
      return this;
    }

    public ScrapeLimits build() {
      return new ScrapeLimits(maxLineLength, maxLabelsPerSeries, maxLabelValueLength, maxSamples);
    }
  }
}
