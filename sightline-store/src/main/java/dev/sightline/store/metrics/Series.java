package dev.sightline.store.metrics;

import dev.sightline.model.metric.Labels;

/**
 * One series' samples in a time range, decoded: timestamps in milliseconds (ascending) and values.
 * Staleness markers appear as {@link StaleMarker#STALE_NAN} values.
 */
public record Series(Labels labels, long[] timestamps, double[] values) {
  public Series {
    if (timestamps.length != values.length) {
      throw new IllegalArgumentException("timestamps and values differ in length");
    }
  }

  public int size() {
    return timestamps.length;
  }
}
