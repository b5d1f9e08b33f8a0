package dev.sightline.store;

import java.util.Map;

/**
 * Criteria of a trace search. Null or zero means "any". Times are nanoseconds since the epoch;
 * {@code tags} match span attributes or resource attributes by exact string value
 * ({@code error} with value {@code true}... is a tag like any other).
 */
public record TraceQuery(
    String service,
    String operation,
    long minDurationNanos,
    long maxDurationNanos,
    Map<String, String> tags,
    long startEpochNanos,
    long endEpochNanos,
    int limit) {

  public TraceQuery {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    if (limit <= 0) {
      limit = 20;
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a query; the time range defaults to everything. */
  public static final class Builder {
    private String service;
    private String operation;
    private long minDurationNanos;
    private long maxDurationNanos;
    private Map<String, String> tags = Map.of();
    private long startEpochNanos;
    private long endEpochNanos = Long.MAX_VALUE;
    private int limit = 20;

    private Builder() {}

    public Builder service(String v) { service = v; return this; }
    public Builder operation(String v) { operation = v; return this; }
    public Builder minDurationNanos(long v) { minDurationNanos = v; return this; }
    public Builder maxDurationNanos(long v) { maxDurationNanos = v; return this; }
    public Builder tags(Map<String, String> v) { tags = v; return this; }
    public Builder startEpochNanos(long v) { startEpochNanos = v; return this; }
    public Builder endEpochNanos(long v) { endEpochNanos = v; return this; }
    public Builder limit(int v) { limit = v; return this; }

    public TraceQuery build() {
      return new TraceQuery(service, operation, minDurationNanos, maxDurationNanos, tags, startEpochNanos,
          endEpochNanos, limit);
    }
  }
}
