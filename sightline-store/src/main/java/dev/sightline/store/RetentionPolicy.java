package dev.sightline.store;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How long one dataset keeps events: a default, and overrides per service ({@code service.name}), e.g.
 * 7 days by default and 365 days for {@code payment}, for an audit.
 *
 * <pre>{@code
 * RetentionPolicy p = RetentionPolicy.of(Duration.ofDays(7)).withService("payment", Duration.ofDays(365));
 * }</pre>
 *
 * @param defaultRetention how long events of services without an override are kept
 * @param perService overrides by service name, sorted by name
 */
public record RetentionPolicy(Duration defaultRetention, Map<String, Duration> perService) {
  public RetentionPolicy {
    positive(defaultRetention, "default retention");
    TreeMap<String, Duration> copy = new TreeMap<>();
    for (Map.Entry<String, Duration> e : perService.entrySet()) {
      copy.put(Objects.requireNonNull(e.getKey(), "service"), positive(e.getValue(), "retention of " + e.getKey()));
    }
    perService = java.util.Collections.unmodifiableSortedMap(copy);
  }

  public static RetentionPolicy of(Duration defaultRetention) {
    return new RetentionPolicy(defaultRetention, Map.of());
  }

  /** A copy with {@code service} kept for {@code retention}. */
  public RetentionPolicy withService(String service, Duration retention) {
    TreeMap<String, Duration> m = new TreeMap<>(perService);
    m.put(service, retention);
    return new RetentionPolicy(defaultRetention, m);
  }

  /** The retention that applies to the events of {@code service}. */
  public Duration retentionOf(String service) {
    return perService.getOrDefault(service, defaultRetention);
  }

  /** The longest retention of any service: whole day indices are deleted only past this. */
  public Duration longest() {
    Duration max = defaultRetention;
    for (Duration d : perService.values()) {
      if (d.compareTo(max) > 0) {
        max = d;
      }
    }
    return max;
  }

  private static Duration positive(Duration v, String name) {
    if (v == null || v.isNegative() || v.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + v);
    }
    return v;
  }
}
