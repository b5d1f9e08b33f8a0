package dev.sightline.pipeline.sampling.internal;

import dev.sightline.model.StatusCode;
import dev.sightline.pipeline.sampling.TailSamplingConfig.CompositeConfig;
import dev.sightline.pipeline.sampling.TailSamplingConfig.PolicyConfig;
import dev.sightline.pipeline.sampling.TailSamplingConfig.RateAllocation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds policies from configuration, refusing bad ones with a message naming the policy and key.
 * Nesting follows the Collector: {@code and} may sit inside {@code composite}; {@code composite} and
 * {@code and} may not sit inside {@code and}.
 */
public final class PolicyFactory {
  public static final List<String> TYPES = List.of("always_sample", "latency", "status_code", "probabilistic",
      "string_attribute", "numeric_attribute", "rate_limiting", "and", "composite");

  private PolicyFactory() {}

  public static List<Policy> build(List<PolicyConfig> configs) {
    List<Policy> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (PolicyConfig c : configs) {
      Policy p = build(c, 0);
      if (!names.add(p.name())) {
        throw new IllegalArgumentException("tail_sampling.policies: duplicate policy name '" + p.name() + "'");
      }
      out.add(p);
    }
    return List.copyOf(out);
  }

  private static Policy build(PolicyConfig c, int depth) {
    if (c == null) {
      throw new IllegalArgumentException("tail_sampling.policies: empty policy entry");
    }
    String name = c.name();
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("tail_sampling.policies: a policy of type '" + c.type() + "' has no name");
    }
    String type = c.type() == null ? "" : c.type();
    String where = Policies.where(name);
    return switch (type) {
      case "always_sample" -> new Policies.AlwaysSample(name);
      case "latency" -> {
        var l = require(c.latency(), where, "latency");
        if (l.thresholdMs() == null || l.thresholdMs() < 0) {
          throw new IllegalArgumentException(where + "latency.threshold_ms is required and must not be negative");
        }
        long upper = l.upperThresholdMs() == null ? 0 : l.upperThresholdMs();
        if (upper != 0 && upper < l.thresholdMs()) {
          throw new IllegalArgumentException(where + "latency.upper_threshold_ms " + upper
              + " is below threshold_ms " + l.thresholdMs());
        }
        yield new Policies.Latency(name, l.thresholdMs(), upper);
      }
      case "status_code" -> {
        var s = require(c.statusCode(), where, "status_code");
        if (s.statusCodes() == null || s.statusCodes().isEmpty()) {
          throw new IllegalArgumentException(where + "status_code.status_codes needs at least one of OK, ERROR, UNSET");
        }
        EnumSet<StatusCode> codes = EnumSet.noneOf(StatusCode.class);
        for (String code : s.statusCodes()) {
          try {
            codes.add(StatusCode.valueOf(code.toUpperCase(Locale.ROOT)));
          } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(where + "status_code.status_codes: unknown code '" + code
                + "'; use OK, ERROR or UNSET");
          }
        }
        yield new Policies.StatusCodes(name, codes);
      }
      case "probabilistic" -> Policies.Probabilistic.of(name, require(c.probabilistic(), where, "probabilistic"));
      case "string_attribute" -> Policies.StringAttribute.of(name, require(c.stringAttribute(), where, "string_attribute"));
      case "numeric_attribute" -> Policies.NumericAttribute.of(name, require(c.numericAttribute(), where, "numeric_attribute"));
      case "rate_limiting" -> {
        var r = require(c.rateLimiting(), where, "rate_limiting");
        yield new Policies.RateLimiting(name, r.spansPerSecond() == null ? 0 : r.spansPerSecond());
      }
      case "and" -> {
        var a = require(c.and(), where, "and");
        if (a.andSubPolicy() == null || a.andSubPolicy().isEmpty()) {
          throw new IllegalArgumentException(where + "and.and_sub_policy needs at least one policy");
        }
        List<Policy> subs = new ArrayList<>();
        for (PolicyConfig sub : a.andSubPolicy()) {
          refuseNested(sub, where, "and", "and", "composite");
          subs.add(build(sub, depth + 1));
        }
        yield new Composites.And(name, List.copyOf(subs));
      }
      case "composite" -> {
        if (depth > 0) {
          throw new IllegalArgumentException(where + "a composite policy cannot be nested");
        }
        yield composite(name, require(c.composite(), where, "composite"), depth);
      }
      default -> throw new IllegalArgumentException(where + "unknown type '" + type + "'; known types are " + TYPES);
    };
  }

  private static Policy composite(String name, CompositeConfig c, int depth) {
    String where = Policies.where(name);
    if (c.maxTotalSpansPerSecond() == null || c.maxTotalSpansPerSecond() <= 0) {
      throw new IllegalArgumentException(where + "composite.max_total_spans_per_second must be positive");
    }
    if (c.compositeSubPolicy() == null || c.compositeSubPolicy().isEmpty()) {
      throw new IllegalArgumentException(where + "composite.composite_sub_policy needs at least one policy");
    }
    Map<String, Policy> subs = new LinkedHashMap<>();
    for (PolicyConfig sub : c.compositeSubPolicy()) {
      refuseNested(sub, where, "composite", "composite");
      Policy p = build(sub, depth + 1);
      if (subs.put(p.name(), p) != null) {
        throw new IllegalArgumentException(where + "duplicate sub-policy name '" + p.name() + "'");
      }
    }
    List<Policy> ordered = new ArrayList<>();
    for (String n : c.policyOrder() == null ? List.<String>of() : c.policyOrder()) {
      Policy p = subs.get(n);
      if (p == null) {
        throw new IllegalArgumentException(where + "composite.policy_order names '" + n
            + "', which is not a composite_sub_policy (have " + subs.keySet() + ")");
      }
      if (!ordered.contains(p)) {
        ordered.add(p);
      }
    }
    for (Policy p : subs.values()) {
      if (!ordered.contains(p)) {
        ordered.add(p); // not in policy_order: tried after the listed ones, in declaration order
      }
    }
    long max = c.maxTotalSpansPerSecond();
    long[] allowed = new long[ordered.size()];
    java.util.Arrays.fill(allowed, max);
    double totalPercent = 0;
    for (RateAllocation ra : c.rateAllocation() == null ? List.<RateAllocation>of() : c.rateAllocation()) {
      int i = ordered.indexOf(subs.get(ra.policy()));
      if (i < 0) {
        throw new IllegalArgumentException(where + "composite.rate_allocation names unknown policy '" + ra.policy() + "'");
      }
      double pct = ra.percent() == null ? -1 : ra.percent();
      if (!(pct >= 0 && pct <= 100)) {
        throw new IllegalArgumentException(where + "composite.rate_allocation percent for '" + ra.policy()
            + "' must be within 0..100, got " + ra.percent());
      }
      totalPercent += pct;
      allowed[i] = (long) Math.floor(max * pct / 100.0);
    }
    if (totalPercent > 100.0 + 1e-9) {
      throw new IllegalArgumentException(where + "composite.rate_allocation percents add up to " + totalPercent
          + ", more than 100");
    }
    return new Composites.Composite(name, List.copyOf(ordered), allowed, max);
  }

  private static void refuseNested(PolicyConfig sub, String where, String parent, String... forbidden) {
    if (sub == null) {
      throw new IllegalArgumentException(where + parent + " has an empty sub-policy entry");
    }
    for (String f : forbidden) {
      if (f.equals(sub.type())) {
        throw new IllegalArgumentException(where + "a '" + f + "' policy cannot be a sub-policy of '" + parent + "'");
      }
    }
  }

  private static <T> T require(T section, String where, String key) {
    if (section == null) {
      throw new IllegalArgumentException(where + "type " + key + " needs a '" + key + "' section");
    }
    return section;
  }
}
