package dev.sightline.store.metrics;

/** Prometheus's staleness marker: a specific NaN bit pattern that means "this series ended here". */
public final class StaleMarker {
  public static final long STALE_NAN_BITS = 0x7ff0000000000002L;
  public static final double STALE_NAN = Double.longBitsToDouble(STALE_NAN_BITS);

  private StaleMarker() {}

  public static boolean isStale(double v) {
    return Double.doubleToRawLongBits(v) == STALE_NAN_BITS;
  }
}
