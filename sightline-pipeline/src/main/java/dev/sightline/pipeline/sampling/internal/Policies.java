package dev.sightline.pipeline.sampling.internal;

import dev.sightline.model.Ids;
import dev.sightline.model.Span;
import dev.sightline.model.StatusCode;
import dev.sightline.pipeline.sampling.Decision;
import dev.sightline.pipeline.sampling.TailSamplingConfig.NumericAttributeConfig;
import dev.sightline.pipeline.sampling.TailSamplingConfig.ProbabilisticConfig;
import dev.sightline.pipeline.sampling.TailSamplingConfig.StringAttributeConfig;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The leaf policies. Semantics follow the Collector's tail_sampling processor; differences are noted. */
final class Policies {
  private Policies() {}

  record AlwaysSample(String name) implements Policy {
    @Override
    public Decision evaluate(TraceBuffer t, long nowMs) {
      return Decision.SAMPLED;
    }
  }

  /** Duration from the earliest start to the latest end of the spans held; bounds inclusive. */
  record Latency(String name, long thresholdMs, long upperThresholdMs) implements Policy {
    @Override
    public Decision evaluate(TraceBuffer t, long nowMs) {
      long ms = t.durationNanos() / 1_000_000;
      boolean in = ms >= thresholdMs && (upperThresholdMs == 0 || ms <= upperThresholdMs);
      return in ? Decision.SAMPLED : Decision.NOT_SAMPLED;
    }
  }

  record StatusCodes(String name, EnumSet<StatusCode> codes) implements Policy {
    @Override
    public Decision evaluate(TraceBuffer t, long nowMs) {
      for (Span s : t.spans()) {
        if (codes.contains(s.status().code())) {
          return Decision.SAMPLED;
        }
      }
      return Decision.NOT_SAMPLED;
    }
  }

  /**
   * Deterministic by trace id: FNV-1a (64-bit) over the salt and the trace id's bytes, mixed with
   * murmur3's 64-bit finalizer, compared with the percentage of the hash range. Every node with the same salt keeps the same traces. (Same idea
   * as the Collector's, not bit-identical to it.)
   */
  record Probabilistic(String name, double percentage, byte[] salt) implements Policy {
    static Probabilistic of(String name, ProbabilisticConfig c) {
      double p = c.samplingPercentage() == null ? 0 : c.samplingPercentage();
      if (!(p >= 0 && p <= 100)) {
        throw new IllegalArgumentException(where(name) + "probabilistic.sampling_percentage must be within 0..100, got " + p);
      }
      String salt = c.hashSalt() == null ? "" : c.hashSalt();
      return new Probabilistic(name, p, salt.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Decision evaluate(TraceBuffer t, long nowMs) {
      return sampled(t.traceId()) ? Decision.SAMPLED : Decision.NOT_SAMPLED;
    }

    boolean sampled(String traceId) {
      if (percentage >= 100) {
        return true;
      }
      long h = 0xcbf29ce484222325L;
      for (byte b : salt) {
        h = (h ^ (b & 0xff)) * 0x100000001b3L;
      }
      byte[] id = Ids.isValidTraceId(traceId) ? Ids.fromHex(traceId) : traceId.getBytes(StandardCharsets.UTF_8);
      for (byte b : id) {
        h = (h ^ (b & 0xff)) * 0x100000001b3L;
      }
      // FNV's last bytes barely reach the high bits; murmur3's finalizer spreads them
      h ^= h >>> 33;
      h *= 0xff51afd7ed558ccdL;
      h ^= h >>> 33;
      h *= 0xc4ceb9fe1a85ec53L;
      h ^= h >>> 33;
      double unit = (h >>> 11) * 0x1.0p-53; // uniform in [0, 1)
      return unit * 100 < percentage;
    }
  }

  /** Exact values, or regexes (found anywhere in the value, as Go's MatchString does) when enabled. */
  record StringAttribute(String name, String key, Set<String> values, List<Pattern> patterns, boolean invert)
      implements Policy {
    static StringAttribute of(String name, StringAttributeConfig c) {
      if (c.key() == null || c.key().isEmpty()) {
        throw new IllegalArgumentException(where(name) + "string_attribute.key is required");
      }
      if (c.values() == null || c.values().isEmpty()) {
        throw new IllegalArgumentException(where(name) + "string_attribute.values needs at least one value");
      }
      boolean regex = Boolean.TRUE.equals(c.enabledRegexMatching());
      List<Pattern> patterns = List.of();
      if (regex) {
        patterns = c.values().stream().map(v -> {
          try {
            return Pattern.compile(v);
          } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException(where(name) + "string_attribute.values: invalid regex '" + v
                + "': " + e.getDescription(), e);
          }
        }).toList();
      }
      return new StringAttribute(name, c.key(), regex ? Set.of() : Set.copyOf(c.values()), patterns,
          Boolean.TRUE.equals(c.invertMatch()));
    }

    @Override
    public Decision evaluate(TraceBuffer t, long nowMs) {
      boolean match = AttributeMatch.any(t, key, v -> v instanceof String s && matches(s));
      if (invert) {
        return match ? Decision.INVERTED_NOT_SAMPLED : Decision.INVERTED_SAMPLED;
      }
      return match ? Decision.SAMPLED : Decision.NOT_SAMPLED;
    }

    private boolean matches(String s) {
      if (patterns.isEmpty()) {
        return values.contains(s);
      }
      for (Pattern p : patterns) {
        if (p.matcher(s).find()) {
          return true;
        }
      }
      return false;
    }
  }

  /** Integer or floating-point attribute within the bounds, inclusive. */
  record NumericAttribute(String name, String key, long min, long max, boolean invert) implements Policy {
    static NumericAttribute of(String name, NumericAttributeConfig c) {
      if (c.key() == null || c.key().isEmpty()) {
        throw new IllegalArgumentException(where(name) + "numeric_attribute.key is required");
      }
      if (c.minValue() == null && c.maxValue() == null) {
        throw new IllegalArgumentException(where(name) + "numeric_attribute needs min_value, max_value or both");
      }
      long min = c.minValue() == null ? Long.MIN_VALUE : c.minValue();
      long max = c.maxValue() == null ? Long.MAX_VALUE : c.maxValue();
      if (min > max) {
        throw new IllegalArgumentException(where(name) + "numeric_attribute.min_value " + min
            + " is greater than max_value " + max);
      }
      return new NumericAttribute(name, c.key(), min, max, Boolean.TRUE.equals(c.invertMatch()));
    }

    @Override
    public Decision evaluate(TraceBuffer t, long nowMs) {
      boolean match = AttributeMatch.any(t, key, v -> v instanceof Long l ? l >= min && l <= max
          : v instanceof Double d && d >= min && d <= max);
      if (invert) {
        return match ? Decision.INVERTED_NOT_SAMPLED : Decision.INVERTED_SAMPLED;
      }
      return match ? Decision.SAMPLED : Decision.NOT_SAMPLED;
    }
  }

  /**
   * At most {@code spansPerSecond} spans of sampled traces per wall-clock second (by the injected
   * clock). A trace that would push the second over the limit is not sampled and not counted.
   */
  static final class RateLimiting implements Policy {
    private final String name;
    private final long spansPerSecond;
    private long second = Long.MIN_VALUE;
    private long spansThisSecond;

    RateLimiting(String name, long spansPerSecond) {
      if (spansPerSecond <= 0) {
        throw new IllegalArgumentException(where(name) + "rate_limiting.spans_per_second must be positive, got "
            + spansPerSecond);
      }
      this.name = name;
      this.spansPerSecond = spansPerSecond;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Decision evaluate(TraceBuffer t, long nowMs) {
      long s = Math.floorDiv(nowMs, 1000);
      if (s != second) {
        second = s;
        spansThisSecond = 0;
      }
      if (spansThisSecond + t.spanCount() > spansPerSecond) {
        return Decision.NOT_SAMPLED;
      }
      spansThisSecond += t.spanCount();
      return Decision.SAMPLED;
    }
  }

  static String where(String name) {
    return "tail_sampling policy '" + name + "': ";
  }
}
