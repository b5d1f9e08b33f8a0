package dev.sightline.store.wal;

import java.util.Objects;

/**
 * Tuning of a {@link WriteAheadLog}: segment size, fsync policy and the largest record accepted.
 * Build with {@link #builder()}; {@link #defaults()} is 64 MiB segments, {@link FsyncPolicy#ALWAYS} and
 * records of at most 64 MiB.
 */
public final class WalOptions {
  public static final long DEFAULT_SEGMENT_SIZE_BYTES = 64L << 20;
  public static final int DEFAULT_MAX_RECORD_BYTES = 64 << 20;
  private static final WalOptions DEFAULTS = builder().build();

  private final long segmentSizeBytes;
  private final FsyncPolicy fsyncPolicy;
  private final int maxRecordBytes;

  private WalOptions(Builder b) {
    this.segmentSizeBytes = b.segmentSizeBytes;
    this.fsyncPolicy = b.fsyncPolicy;
    this.maxRecordBytes = b.maxRecordBytes;
  }

  public static WalOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A segment is closed and a new one started once it reaches this size (a batch never spans two). */
  public long segmentSizeBytes() {
    return segmentSizeBytes;
  }

  public FsyncPolicy fsyncPolicy() {
    return fsyncPolicy;
  }

  /** {@code append} of a larger record throws {@link IllegalArgumentException}. */
  public int maxRecordBytes() {
    return maxRecordBytes;
  }

  @Override
  public String toString() {
    return "WalOptions{segmentSizeBytes=" + segmentSizeBytes + ", fsyncPolicy=" + fsyncPolicy
        + ", maxRecordBytes=" + maxRecordBytes + "}";
  }

  /** Builds {@link WalOptions}; unset values take the defaults. */
  public static final class Builder {
    private long segmentSizeBytes = DEFAULT_SEGMENT_SIZE_BYTES;
    private FsyncPolicy fsyncPolicy = FsyncPolicy.ALWAYS;
    private int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;

    private Builder() {}

    public Builder segmentSizeBytes(long v) {
      if (v < 1024) {
        throw new IllegalArgumentException("segmentSizeBytes must be at least 1024, got " + v);
      }
      segmentSizeBytes = v;
      return this;
    }

    public Builder fsyncPolicy(FsyncPolicy v) {
      fsyncPolicy = Objects.requireNonNull(v, "fsyncPolicy");
      return this;
    }

    public Builder maxRecordBytes(int v) {
      if (v < 1) {
        throw new IllegalArgumentException("maxRecordBytes must be positive, got " + v);
      }
      maxRecordBytes = v;
      return this;
    }

    public WalOptions build() {
      return new WalOptions(this);
    }
  }
}
