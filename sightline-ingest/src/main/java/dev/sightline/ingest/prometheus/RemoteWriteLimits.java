package dev.sightline.ingest.prometheus;

/**
 * Bounds on one remote-write request. Exceeding {@link #maxUncompressedBytes()} fails the whole request
 * ({@code PayloadTooLargeException}, 413); the per-series limits reject the offending series only.
 *
 * @param maxUncompressedBytes the snappy header's declared length is checked against this before any
 *     buffer is allocated, so a small body claiming gigabytes (a snappy bomb) costs nothing; default 32 MiB
 * @param maxLabelsPerSeries labels per series including {@code __name__}; default 64
 * @param maxLabelNameLength characters; default 256
 * @param maxLabelValueLength characters; default 4096
 * @param maxFutureTimestampMs samples later than this epoch millisecond (year 3000 by default) are taken
 *     for a unit mistake (seconds or nanoseconds sent as milliseconds) and reject their series
 */
public record RemoteWriteLimits(
    int maxUncompressedBytes,
    int maxLabelsPerSeries,
    int maxLabelNameLength,
    int maxLabelValueLength,
    long maxFutureTimestampMs) {

  private static final long YEAR_3000_MS = 32_503_680_000_000L;

  public RemoteWriteLimits {
    positive("maxUncompressedBytes", maxUncompressedBytes);
    positive("maxLabelsPerSeries", maxLabelsPerSeries);
    positive("maxLabelNameLength", maxLabelNameLength);
    positive("maxLabelValueLength", maxLabelValueLength);
    positive("maxFutureTimestampMs", maxFutureTimestampMs);
  }

  public static RemoteWriteLimits defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  private static void positive(String name, long v) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + v);
    }
  }

  public static final class Builder {
    private int maxUncompressedBytes = 32 << 20;
    private int maxLabelsPerSeries = 64;
    private int maxLabelNameLength = 256;
    private int maxLabelValueLength = 4096;
    private long maxFutureTimestampMs = YEAR_3000_MS;

    private Builder() {}

    public Builder maxUncompressedBytes(int v) {
      maxUncompressedBytes = v;
      return this;
    }

    public Builder maxLabelsPerSeries(int v) {
      maxLabelsPerSeries = v;
      return this;
    }

    public Builder maxLabelNameLength(int v) {
      maxLabelNameLength = v;
      return this;
    }

    public Builder maxLabelValueLength(int v) {
      maxLabelValueLength = v;
      return this;
    }

    public Builder maxFutureTimestampMs(long v) {
      maxFutureTimestampMs = v;
      return this;
    }

    public RemoteWriteLimits build() {
      return new RemoteWriteLimits(maxUncompressedBytes, maxLabelsPerSeries, maxLabelNameLength,
          maxLabelValueLength, maxFutureTimestampMs);
    }
  }
}
