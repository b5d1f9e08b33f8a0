package dev.sightline.store.tsdb;

/**
 * Cardinality protection. A sample that would create a new series breaking a limit is rejected (counted
 * per metric, reported in {@link dev.sightline.store.metrics.AppendResult}); series that already exist
 * keep accepting samples. Lengths are in UTF-16 chars, as Java strings count them.
 */
public final class TsdbLimits {
  private static final TsdbLimits DEFAULTS = builder().build();
  private static final TsdbLimits UNLIMITED = builder().maxSeriesPerMetric(Integer.MAX_VALUE)
      .maxLabelsPerSeries(Integer.MAX_VALUE).maxLabelNameLength(Integer.MAX_VALUE)
      .maxLabelValueLength(Integer.MAX_VALUE).build();

  private final int maxSeriesPerMetric;
  private final int maxLabelsPerSeries;
  private final int maxLabelNameLength;
  private final int maxLabelValueLength;

  private TsdbLimits(Builder b) {
    this.maxSeriesPerMetric = b.maxSeriesPerMetric;
    this.maxLabelsPerSeries = b.maxLabelsPerSeries;
    this.maxLabelNameLength = b.maxLabelNameLength;
    this.maxLabelValueLength = b.maxLabelValueLength;
  }

  /** 50,000 series per metric, 30 labels per series (the name included), names of 1,024, values of 2,048. */
  public static TsdbLimits defaults() {
    return DEFAULTS;
  }

  public static TsdbLimits unlimited() {
    return UNLIMITED;
  }

  public static Builder builder() {
    return new Builder();
  }

  public int maxSeriesPerMetric() {
    return maxSeriesPerMetric;
  }

  /** Counts {@code __name__} as a label, as Mimir and Cortex do. */
  public int maxLabelsPerSeries() {
    return maxLabelsPerSeries;
  }

  public int maxLabelNameLength() {
    return maxLabelNameLength;
  }

  public int maxLabelValueLength() {
    return maxLabelValueLength;
  }

  @Override
  public String toString() {
    return "TsdbLimits{maxSeriesPerMetric=" + maxSeriesPerMetric + ", maxLabelsPerSeries="
        + maxLabelsPerSeries + ", maxLabelNameLength=" + maxLabelNameLength + ", maxLabelValueLength="
        + maxLabelValueLength + "}";
  }

  /** Builds {@link TsdbLimits}; unset values take the defaults. */
  public static final class Builder {
    private int maxSeriesPerMetric = 50_000;
    private int maxLabelsPerSeries = 30;
    private int maxLabelNameLength = 1024;
    private int maxLabelValueLength = 2048;

    private Builder() {}

    public Builder maxSeriesPerMetric(int v) {
      maxSeriesPerMetric = positive("maxSeriesPerMetric", v);
      return this;
    }

    public Builder maxLabelsPerSeries(int v) {
      maxLabelsPerSeries = positive("maxLabelsPerSeries", v);
      return this;
    }

    public Builder maxLabelNameLength(int v) {
      maxLabelNameLength = positive("maxLabelNameLength", v);
      return this;
    }

    public Builder maxLabelValueLength(int v) {
      maxLabelValueLength = positive("maxLabelValueLength", v);
      return this;
    }

    private static int positive(String what, int v) {
      if (v < 1) {
        throw new IllegalArgumentException(what + " must be positive, got " + v);
      }
      return v;
    }

    public TsdbLimits build() {
      return new TsdbLimits(this);
    }
  }
}
