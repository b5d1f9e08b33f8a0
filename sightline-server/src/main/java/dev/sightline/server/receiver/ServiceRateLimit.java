package dev.sightline.server.receiver;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per service: at most {@code perSecond} records a second on average, bursts up to
 * {@code burst}. A request that would overdraw any of its services' buckets is refused whole (and takes
 * nothing from any bucket), so a client retrying after {@code Retry-After} neither loses nor duplicates.
 * At most {@value #MAX_SERVICES} buckets are kept; the least recently used is forgotten first.
 */
public final class ServiceRateLimit {
  static final int MAX_SERVICES = 10_000;

  private final double perSecond;
  private final double burst;
  private final Clock clock;
  private final Map<String, double[]> buckets = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
      return size() > MAX_SERVICES;
    }
  };

  public ServiceRateLimit(double perSecond, double burst, Clock clock) {
    this.perSecond = perSecond;
    this.burst = Math.max(burst, perSecond);
    this.clock = clock;
  }

  /** Takes {@code counts} (records per service) if every bucket has them; otherwise the first service over. */
  public synchronized String tryAcquire(Map<String, Integer> counts) {
    long now = clock.millis();
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      double[] b = bucket(e.getKey(), now);
      if (b[0] < e.getValue()) {
        return e.getKey();
      }
    }
    counts.forEach((service, n) -> buckets.get(service)[0] -= n);
    return null;
  }

  private double[] bucket(String service, long now) {
    double[] b = buckets.computeIfAbsent(service, k -> new double[] {burst, now});
    b[0] = Math.min(burst, b[0] + (now - b[1]) / 1000.0 * perSecond);
    b[1] = now;
    return b;
  }

  public double perSecond() {
    return perSecond;
  }
}
