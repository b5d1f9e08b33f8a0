package dev.sightline.pipeline.sampling;

import java.time.Duration;
import java.util.List;

/**
 * Tail sampling settings, bound from {@code tail_sampling:} in {@code sightline.yaml}. Keys and policy
 * shapes are the OpenTelemetry Collector's {@code tail_sampling} processor's, so users can bring their
 * policies; null components take the defaults. Off by default (a single node keeps everything).
 *
 * <pre>{@code
 * tail_sampling:
 *   enabled: true
 *   decision_wait: 30s
 *   num_traces: 50000
 *   max_memory_bytes: 67108864
 *   decision_cache: {sampled_cache_size: 50000, non_sampled_cache_size: 50000}
 *   policies:
 *     - {name: errors, type: status_code, status_code: {status_codes: [ERROR]}}
 *     - {name: slow, type: latency, latency: {threshold_ms: 2000}}
 *     - {name: ten-percent, type: probabilistic, probabilistic: {sampling_percentage: 10}}
 * }</pre>
 *
 * @param enabled false (the default) passes every span through untouched
 * @param decisionWait how long after a trace's first span its decision is taken (default 30 s)
 * @param numTraces traces held in memory at most (default 50,000)
 * @param maxMemoryBytes estimated bytes of held spans at most (default a quarter of the JVM's maximum
 *     heap, at least 64 MiB: 512 MiB with {@code -Xmx2g}); Sightline's addition to the Collector's keys,
 *     because trace count alone does not bound memory. Size it as traces/s x decision_wait x bytes per
 *     trace (about 1.5 KB per span of attribute-rich spans, BENCHMARKS.md section 4); the old fixed
 *     64 MiB default held ~3,500 such traces, far below the default num_traces
 * @param decisionCache how many decided trace ids are remembered so late spans follow the decision
 * @param respectUpstreamSampling drop traces that an upstream head sampler already sampled out (any
 *     span with W3C trace flags present but the sampled bit clear); default true
 * @param policies evaluated for every trace; at least one when enabled
 */
public record TailSamplingConfig(
    Boolean enabled,
    Duration decisionWait,
    Integer numTraces,
    Long maxMemoryBytes,
    DecisionCacheConfig decisionCache,
    Boolean respectUpstreamSampling,
    List<PolicyConfig> policies) {

  public TailSamplingConfig {
    enabled = enabled == null ? Boolean.FALSE : enabled;
    decisionWait = decisionWait == null ? Duration.ofSeconds(30) : decisionWait;
    numTraces = numTraces == null ? 50_000 : numTraces;
    maxMemoryBytes = maxMemoryBytes == null ? defaultMaxMemoryBytes(Runtime.getRuntime().maxMemory()) : maxMemoryBytes;
    decisionCache = decisionCache == null ? new DecisionCacheConfig(null, null) : decisionCache;
    respectUpstreamSampling = respectUpstreamSampling == null ? Boolean.TRUE : respectUpstreamSampling;
    policies = policies == null ? List.of() : List.copyOf(policies);
    if (decisionWait.isNegative()) {
      throw new IllegalArgumentException("tail_sampling.decision_wait must not be negative, got " + decisionWait);
    }
    if (numTraces <= 0) {
      throw new IllegalArgumentException("tail_sampling.num_traces must be positive, got " + numTraces);
    }
    if (maxMemoryBytes <= 0) {
      throw new IllegalArgumentException("tail_sampling.max_memory_bytes must be positive, got " + maxMemoryBytes);
    }
  }

  /** The default {@code max_memory_bytes} for a JVM whose maximum heap is {@code maxHeapBytes}. */
  static long defaultMaxMemoryBytes(long maxHeapBytes) {
    long floor = 64L << 20;
    return maxHeapBytes == Long.MAX_VALUE ? floor : Math.max(floor, maxHeapBytes / 4);
  }

  /** Sampling off: everything is kept. */
  public static TailSamplingConfig disabled() {
    return new TailSamplingConfig(false, null, null, null, null, null, null);
  }

  /** Sampling on with these policies and default limits. */
  public static TailSamplingConfig of(List<PolicyConfig> policies) {
    return new TailSamplingConfig(true, null, null, null, null, null, policies);
  }

  /** Sizes of the decided-trace caches (least recently used ids are forgotten first). */
  public record DecisionCacheConfig(Integer sampledCacheSize, Integer nonSampledCacheSize) {
    public DecisionCacheConfig {
      sampledCacheSize = sampledCacheSize == null ? 50_000 : sampledCacheSize;
      nonSampledCacheSize = nonSampledCacheSize == null ? 50_000 : nonSampledCacheSize;
      if (sampledCacheSize < 0 || nonSampledCacheSize < 0) {
        throw new IllegalArgumentException("tail_sampling.decision_cache sizes must not be negative");
      }
    }
  }

  /**
   * One policy: a {@code name}, a {@code type}, and the section named like the type. Also used for the
   * sub-policies of {@code and} and {@code composite}.
   */
  public record PolicyConfig(
      String name,
      String type,
      LatencyConfig latency,
      StatusCodeConfig statusCode,
      ProbabilisticConfig probabilistic,
      StringAttributeConfig stringAttribute,
      NumericAttributeConfig numericAttribute,
      RateLimitingConfig rateLimiting,
      AndConfig and,
      CompositeConfig composite) {

    public static PolicyConfig alwaysSample(String name) {
      return new PolicyConfig(name, "always_sample", null, null, null, null, null, null, null, null);
    }

    public static PolicyConfig latency(String name, long thresholdMs, Long upperThresholdMs) {
      return new PolicyConfig(name, "latency", new LatencyConfig(thresholdMs, upperThresholdMs),
          null, null, null, null, null, null, null);
    }

    public static PolicyConfig statusCode(String name, String... codes) {
      return new PolicyConfig(name, "status_code", null, new StatusCodeConfig(List.of(codes)),
          null, null, null, null, null, null);
    }

    public static PolicyConfig probabilistic(String name, double percentage, String salt) {
      return new PolicyConfig(name, "probabilistic", null, null, new ProbabilisticConfig(percentage, salt),
          null, null, null, null, null);
    }

    public static PolicyConfig stringAttribute(String name, StringAttributeConfig c) {
      return new PolicyConfig(name, "string_attribute", null, null, null, c, null, null, null, null);
    }

    public static PolicyConfig numericAttribute(String name, NumericAttributeConfig c) {
      return new PolicyConfig(name, "numeric_attribute", null, null, null, null, c, null, null, null);
    }

    public static PolicyConfig rateLimiting(String name, long spansPerSecond) {
      return new PolicyConfig(name, "rate_limiting", null, null, null, null, null,
          new RateLimitingConfig(spansPerSecond), null, null);
    }

    public static PolicyConfig and(String name, PolicyConfig... subPolicies) {
      return new PolicyConfig(name, "and", null, null, null, null, null, null,
          new AndConfig(List.of(subPolicies)), null);
    }

    public static PolicyConfig composite(String name, CompositeConfig c) {
      return new PolicyConfig(name, "composite", null, null, null, null, null, null, null, c);
    }
  }

  /** Trace duration (earliest start to latest end) at least {@code thresholdMs}, at most the upper bound if set. */
  public record LatencyConfig(Long thresholdMs, Long upperThresholdMs) {}

  /** Any span's status code among {@code OK}, {@code ERROR}, {@code UNSET}. */
  public record StatusCodeConfig(List<String> statusCodes) {}

  /** A deterministic share of traces by trace id hash; {@code hashSalt} varies the share between tiers. */
  public record ProbabilisticConfig(Double samplingPercentage, String hashSalt) {}

  /** A string attribute (span or resource) equal to one of {@code values}, or matching one as a regex. */
  public record StringAttributeConfig(String key, List<String> values, Boolean enabledRegexMatching,
                                      Integer cacheMaxSize, Boolean invertMatch) {}

  /** A numeric attribute (span or resource) within [{@code minValue}, {@code maxValue}]; a missing bound is open. */
  public record NumericAttributeConfig(String key, Long minValue, Long maxValue, Boolean invertMatch) {}

  /** At most {@code spansPerSecond} spans of sampled traces per second. */
  public record RateLimitingConfig(Long spansPerSecond) {}

  /** Samples when every sub-policy samples. */
  public record AndConfig(List<PolicyConfig> andSubPolicy) {}

  /**
   * Sub-policies tried in {@code policyOrder}; the first that samples within its share of
   * {@code maxTotalSpansPerSecond} decides.
   */
  public record CompositeConfig(Long maxTotalSpansPerSecond, List<String> policyOrder,
                                List<PolicyConfig> compositeSubPolicy, List<RateAllocation> rateAllocation) {}

  /** A sub-policy's share of the composite's spans per second, in percent. */
  public record RateAllocation(String policy, Double percent) {}
}
