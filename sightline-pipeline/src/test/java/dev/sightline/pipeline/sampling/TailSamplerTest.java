package dev.sightline.pipeline.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.model.Attributes;
import dev.sightline.model.Resource;
import dev.sightline.model.Span;
import dev.sightline.model.Status;
import dev.sightline.pipeline.sampling.TailSamplingConfig.CompositeConfig;
import dev.sightline.pipeline.sampling.TailSamplingConfig.NumericAttributeConfig;
import dev.sightline.pipeline.sampling.TailSamplingConfig.PolicyConfig;
import dev.sightline.pipeline.sampling.TailSamplingConfig.RateAllocation;
import dev.sightline.pipeline.sampling.TailSamplingConfig.StringAttributeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TailSamplerTest {
  static final long T0 = 1_700_000_000_000L;
  final TestClock clock = new TestClock(T0);
  int spanIds;

  static String trace(int n) {
    return String.format("%032x", n + 1);
  }

  Span span(int trace, long durationMs, Status status, Attributes attrs) {
    long start = T0 * 1_000_000;
    return Span.builder().traceId(trace(trace)).spanId(String.format("%016x", ++spanIds)).name("op").flags(1)
        .startEpochNanos(start).endEpochNanos(start + durationMs * 1_000_000).status(status)
        .attributes(attrs).resource(Resource.ofService("svc")).build();
  }

  Span span(int trace) {
    return span(trace, 1, Status.UNSET, Attributes.empty());
  }

  TailSampler sampler(PolicyConfig... policies) {
    return TailSampler.create(TailSamplingConfig.of(List.of(policies)), clock);
  }

  /** Offers the spans, waits out decision_wait, returns what was released. */
  List<Span> decide(TailSampler s, List<Span> spans) {
    List<Span> out = new ArrayList<>(s.offer(spans));
    clock.advance(Duration.ofSeconds(30));
    out.addAll(s.flushDue());
    return out;
  }

  static List<String> traceIds(List<Span> spans) {
    return spans.stream().map(Span::traceId).distinct().sorted().toList();
  }

  @Test
  void disabledSamplerPassesBatchesThroughAndHoldsNothing() {
    TailSampler s = TailSampler.create(TailSamplingConfig.disabled(), clock);
    List<Span> batch = List.of(span(1), span(2));
    assertThat(s.offer(batch)).isSameAs(batch);
    assertThat(s.heldTraces()).isZero();
    assertThat(s.enabled()).isFalse();
  }

  @Test
  void tracesAreHeldForTheDecisionWaitThenReleasedWhole() {
    TailSampler s = sampler(PolicyConfig.alwaysSample("all"));
    assertThat(s.offer(List.of(span(1), span(1)))).isEmpty();
    clock.advance(Duration.ofSeconds(10));
    assertThat(s.offer(List.of(span(1), span(2)))).isEmpty();
    clock.advance(Duration.ofMillis(19_999));
    assertThat(s.flushDue()).isEmpty();
    assertThat(s.heldTraces()).isEqualTo(2);
    assertThat(s.heldSpans()).isEqualTo(4);
    clock.advance(Duration.ofMillis(1));
    List<Span> released = s.flushDue();
    assertThat(released).hasSize(3).allMatch(sp -> sp.traceId().equals(trace(1)));
    assertThat(s.heldTraces()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(10));
    assertThat(s.flushDue()).hasSize(1);
    assertThat(s.heldBytes()).isZero();
    assertThat(s.decisionFor(trace(1))).contains(new TraceDecision(true, "all"));
  }

  @Test
  void statusCodeKeepsErrorsAndCountsEveryDecision() {
    TailSampler s = sampler(PolicyConfig.statusCode("errors", "ERROR"));
    List<Span> out = decide(s, List.of(span(1), span(2, 1, Status.error("boom"), Attributes.empty()), span(2), span(3)));
    assertThat(traceIds(out)).containsExactly(trace(2));
    assertThat(out).hasSize(2);
    assertThat(s.policyDecisions().get("errors")).containsEntry(Decision.SAMPLED, 1L).containsEntry(Decision.NOT_SAMPLED, 2L);
    assertThat(s.traceDecisions()).containsEntry("sampled", 1L).containsEntry("not_sampled", 2L);
    assertThat(s.spansReleased()).isEqualTo(2);
    assertThat(s.spansDropped()).isEqualTo(2);
    assertThat(s.decisionFor(trace(1))).contains(new TraceDecision(false, ""));
  }

  @Test
  void latencyUsesTheWholeTraceAndBothBounds() {
    TailSampler s = sampler(PolicyConfig.latency("slow", 100, 1000L));
    long start = T0 * 1_000_000;
    // trace 1: two 60 ms spans 80 ms apart span 140 ms in all
    Span a = span(1, 60, Status.UNSET, Attributes.empty());
    Span b = a.toBuilder().spanId("00000000000000ff").startEpochNanos(start + 80_000_000).endEpochNanos(start + 140_000_000).build();
    List<Span> out = decide(s, List.of(a, b, span(2, 99, Status.UNSET, Attributes.empty()),
        span(3, 100, Status.UNSET, Attributes.empty()), span(4, 1000, Status.UNSET, Attributes.empty()),
        span(5, 1001, Status.UNSET, Attributes.empty())));
    assertThat(traceIds(out)).containsExactly(trace(1), trace(3), trace(4));
  }

  @Test
  void probabilisticIsDeterministicByTraceIdAndSalt() {
    TailSampler tenA = sampler(PolicyConfig.probabilistic("p", 10, ""));
    TailSampler tenB = sampler(PolicyConfig.probabilistic("p", 10, ""));
    TailSampler salted = sampler(PolicyConfig.probabilistic("p", 10, "tier-2"));
    TailSampler none = sampler(PolicyConfig.probabilistic("p", 0, ""));
    TailSampler all = sampler(PolicyConfig.probabilistic("p", 100, ""));
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      spans.add(span(i));
    }
    List<String> a = traceIds(decide(tenA, spans));
    List<String> b = traceIds(decide(tenB, spans));
    List<String> c = traceIds(decide(salted, spans));
    assertThat(a).isEqualTo(b);
    assertThat(a.size()).isBetween(1_800, 2_200);
    assertThat(c.size()).isBetween(1_800, 2_200);
    assertThat(c).isNotEqualTo(a);
    assertThat(decide(none, spans)).isEmpty();
    assertThat(decide(all, spans)).hasSize(20_000);
  }

  @Test
  void stringAttributeExactRegexAndResourceAttributes() {
    TailSampler exact = sampler(PolicyConfig.stringAttribute("vip",
        new StringAttributeConfig("customer.tier", List.of("gold", "platinum"), null, null, null)));
    TailSampler regex = sampler(PolicyConfig.stringAttribute("api",
        new StringAttributeConfig("http.route", List.of("^/api/v[0-9]+/"), true, null, null)));
    List<Span> spans = List.of(
        span(1, 1, Status.UNSET, Attributes.of("customer.tier", "gold")),
        span(2, 1, Status.UNSET, Attributes.of("customer.tier", "silver", "http.route", "/api/v2/orders")),
        span(3, 1, Status.UNSET, Attributes.of("customer.tier", 7L, "http.route", "/health")),
        span(4).toBuilder().resource(new Resource(Attributes.of("service.name", "svc", "customer.tier", "platinum"))).build());
    assertThat(traceIds(decide(exact, spans))).containsExactly(trace(1), trace(4));
    assertThat(traceIds(decide(regex, spans))).containsExactly(trace(2));
  }

  @Test
  void invertedDecisionsWeighAsTheCollectorDocuments() {
    StringAttributeConfig notHealth = new StringAttributeConfig("http.route", List.of("/health"), null, null, true);
    Span health = span(1, 1, Status.UNSET, Attributes.of("http.route", "/health"));
    Span orders = span(2, 1, Status.UNSET, Attributes.of("http.route", "/orders"));
    // inverted not-sampled beats an always_sample
    TailSampler s1 = sampler(PolicyConfig.alwaysSample("all"), PolicyConfig.stringAttribute("no-health", notHealth));
    assertThat(traceIds(decide(s1, List.of(health, orders)))).containsExactly(trace(2));
    assertThat(s1.policyDecisions().get("no-health"))
        .containsEntry(Decision.INVERTED_NOT_SAMPLED, 1L).containsEntry(Decision.INVERTED_SAMPLED, 1L);
    // inverted sampled alone keeps the trace...
    TailSampler s2 = sampler(PolicyConfig.stringAttribute("no-health", notHealth));
    assertThat(traceIds(decide(s2, List.of(health, orders)))).containsExactly(trace(2));
    assertThat(s2.decisionFor(trace(2))).contains(new TraceDecision(true, "no-health"));
    // ...but not next to a plain not-sampled
    TailSampler s3 = sampler(PolicyConfig.stringAttribute("no-health", notHealth), PolicyConfig.statusCode("errors", "ERROR"));
    assertThat(decide(s3, List.of(health, orders))).isEmpty();
  }

  @Test
  void numericAttributeBoundsAndInversion() {
    TailSampler s = sampler(PolicyConfig.numericAttribute("5xx",
        new NumericAttributeConfig("http.response.status_code", 500L, 599L, null)));
    TailSampler open = sampler(PolicyConfig.numericAttribute("big",
        new NumericAttributeConfig("bytes", 1000L, null, null)));
    TailSampler inv = sampler(PolicyConfig.numericAttribute("not5xx",
        new NumericAttributeConfig("http.response.status_code", 500L, 599L, true)));
    List<Span> spans = List.of(
        span(1, 1, Status.UNSET, Attributes.of("http.response.status_code", 503L)),
        span(2, 1, Status.UNSET, Attributes.of("http.response.status_code", 404L, "bytes", 1000.0)),
        span(3, 1, Status.UNSET, Attributes.of("http.response.status_code", "503", "bytes", 999L)),
        span(4, 1, Status.UNSET, Attributes.of("http.response.status_code", 599L, "bytes", 1L << 40)));
    assertThat(traceIds(decide(s, spans))).containsExactly(trace(1), trace(4));
    assertThat(traceIds(decide(open, spans))).containsExactly(trace(2), trace(4));
    assertThat(traceIds(decide(inv, spans))).containsExactly(trace(2), trace(3));
  }

  @Test
  void rateLimitingCountsSpansPerSecond() {
    TailSampler s = sampler(PolicyConfig.rateLimiting("rl", 5));
    List<Span> first = List.of(span(1), span(1), span(2), span(2), span(3), span(3), span(4));
    List<Span> out = decide(s, first); // all decided in the same second
    assertThat(traceIds(out)).containsExactly(trace(1), trace(2), trace(4));
    assertThat(out).hasSize(5);
    clock.advance(Duration.ofSeconds(1));
    s.offer(List.of(span(5), span(5), span(5)));
    clock.advance(Duration.ofSeconds(30));
    assertThat(s.flushDue()).hasSize(3); // a new second, a new budget
  }

  @Test
  void andNeedsEverySubPolicy() {
    TailSampler s = sampler(PolicyConfig.and("slow-errors",
        PolicyConfig.statusCode("e", "ERROR"), PolicyConfig.latency("l", 500, null)));
    List<Span> out = decide(s, List.of(
        span(1, 600, Status.error("x"), Attributes.empty()),
        span(2, 600, Status.UNSET, Attributes.empty()),
        span(3, 10, Status.error("x"), Attributes.empty())));
    assertThat(traceIds(out)).containsExactly(trace(1));
    assertThat(s.policyDecisions()).containsOnlyKeys("slow-errors");
  }

  @Test
  void compositeGivesEachSubPolicyItsShareThenLetsTheNextTry() {
    TailSampler s = sampler(PolicyConfig.composite("c", new CompositeConfig(10L, List.of("errors", "rest"),
        List.of(PolicyConfig.statusCode("errors", "ERROR"), PolicyConfig.alwaysSample("rest")),
        List.of(new RateAllocation("errors", 60.0), new RateAllocation("rest", 40.0)))));
    List<Span> spans = new ArrayList<>();
    for (int t = 0; t < 8; t++) { // 8 error traces of 1 span: 6 fit the errors share, 2 more the rest share
      spans.add(span(t, 1, Status.error("x"), Attributes.empty()));
    }
    for (int t = 8; t < 12; t++) { // rest share already has 2 of 4 used: 2 more fit, then the total is 10
      spans.add(span(t));
    }
    List<Span> out = decide(s, spans);
    assertThat(out).hasSize(10);
    assertThat(traceIds(out)).doesNotContain(trace(10), trace(11));
  }

  @Test
  void lateSpansFollowTheDecision() {
    TailSampler s = sampler(PolicyConfig.statusCode("errors", "ERROR"));
    decide(s, List.of(span(1, 1, Status.error("x"), Attributes.empty()), span(2)));
    List<Span> late = s.offer(List.of(span(1), span(2), span(1)));
    assertThat(late).hasSize(2).allMatch(sp -> sp.traceId().equals(trace(1)));
    assertThat(s.lateSpansSampled()).isEqualTo(2);
    assertThat(s.lateSpansDropped()).isEqualTo(1);
    assertThat(s.heldTraces()).isZero();
  }

  @Test
  void tracesSampledOutUpstreamAreDroppedWhole() {
    TailSampler s = sampler(PolicyConfig.alwaysSample("all"));
    Span sampledRoot = span(1).toBuilder().flags(0x301).build();
    Span unsampledChild = span(1).toBuilder().flags(0x100).build();
    Span unknownFlags = span(2).toBuilder().flags(0).build();
    Span javaAgent = span(3).toBuilder().flags(0x03).build();
    Span randomBitOnly = span(4).toBuilder().flags(0x02).build();
    List<Span> out = decide(s, List.of(sampledRoot, unsampledChild, unknownFlags, javaAgent, randomBitOnly));
    assertThat(traceIds(out)).containsExactly(trace(2), trace(3));
    assertThat(s.upstreamNotSampledTraces()).isEqualTo(2);
    assertThat(s.decisionFor(trace(1))).contains(new TraceDecision(false, TailSampler.UPSTREAM));
    assertThat(s.offer(List.of(span(1)))).isEmpty(); // a late span does not make it appear in part
  }

  @Test
  void upstreamDecisionsCanBeIgnored() {
    TailSampler s = TailSampler.create(new TailSamplingConfig(true, null, null, null, null, false,
        List.of(PolicyConfig.alwaysSample("all"))), clock);
    assertThat(decide(s, List.of(span(1).toBuilder().flags(0x100).build()))).hasSize(1);
  }

  @Test
  void memoryBoundHoldsUnderLoadAndNoSpanIsLost() {
    long maxBytes = 200_000;
    TailSampler s = TailSampler.create(new TailSamplingConfig(true, Duration.ofSeconds(30), 500, maxBytes,
        null, null, List.of(PolicyConfig.statusCode("errors", "ERROR"))), clock);
    long offered = 0;
    long released = 0;
    int maxHeldTraces = 0;
    long maxHeldBytes = 0;
    for (int batch = 0; batch < 1_000; batch++) {
      List<Span> spans = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        int t = batch * 25 + i / 2; // 25 new traces of 2 spans per batch, 25,000 traces in all
        Status st = t % 100 == 0 ? Status.error("x") : Status.UNSET;
        spans.add(span(t, 1, st, Attributes.of("payload", "x".repeat(200))));
      }
      offered += spans.size();
      released += s.offer(spans).size();
      maxHeldTraces = Math.max(maxHeldTraces, s.heldTraces());
      maxHeldBytes = Math.max(maxHeldBytes, s.heldBytes());
      clock.advance(Duration.ofMillis(10));
    }
    assertThat(maxHeldTraces).isLessThanOrEqualTo(500);
    assertThat(maxHeldBytes).isLessThanOrEqualTo(maxBytes);
    assertThat(s.tracesDecidedEarly()).isGreaterThan(20_000);
    released += s.flushAll().size();
    assertThat(s.heldTraces()).isZero();
    assertThat(s.heldBytes()).isZero();
    assertThat(released + s.spansDropped()).isEqualTo(offered);
    assertThat(released).isEqualTo(250 * 2); // every error trace, both spans: deciding early did not lose them
    assertThat(s.tracesSampled()).isEqualTo(250);
  }

  @Test
  void aSingleHugeTraceCannotExceedTheByteBound() {
    TailSampler s = TailSampler.create(new TailSamplingConfig(true, null, null, 50_000L, null, null,
        List.of(PolicyConfig.alwaysSample("all"))), clock);
    long released = 0;
    for (int i = 0; i < 1_000; i++) {
      released += s.offer(List.of(span(1, 1, Status.UNSET, Attributes.of("blob", "y".repeat(1_000))))).size();
      assertThat(s.heldBytes()).isLessThanOrEqualTo(50_000);
    }
    assertThat(released).isEqualTo(1_000 - s.heldSpans());
  }

  @Test
  void invalidPoliciesAreRefusedWithNameAndKey() {
    assertThatThrownBy(() -> sampler(new PolicyConfig("x", "sometimes", null, null, null, null, null, null, null, null)))
        .hasMessageContaining("policy 'x': unknown type 'sometimes'");
    assertThatThrownBy(() -> sampler(new PolicyConfig("x", "latency", null, null, null, null, null, null, null, null)))
        .hasMessageContaining("policy 'x': type latency needs a 'latency' section");
    assertThatThrownBy(() -> sampler(PolicyConfig.statusCode("e", "FAILED")))
        .hasMessageContaining("unknown code 'FAILED'");
    assertThatThrownBy(() -> sampler(PolicyConfig.probabilistic("p", 120, null)))
        .hasMessageContaining("sampling_percentage must be within 0..100, got 120");
    assertThatThrownBy(() -> sampler(PolicyConfig.alwaysSample("a"), PolicyConfig.alwaysSample("a")))
        .hasMessageContaining("duplicate policy name 'a'");
    assertThatThrownBy(() -> sampler(PolicyConfig.stringAttribute("s",
        new StringAttributeConfig("k", List.of("(x"), true, null, null))))
        .hasMessageContaining("policy 's': string_attribute.values: invalid regex '(x'");
    assertThatThrownBy(() -> sampler(PolicyConfig.rateLimiting("r", 0)))
        .hasMessageContaining("spans_per_second must be positive");
    assertThatThrownBy(() -> sampler(PolicyConfig.composite("c", new CompositeConfig(10L, List.of("nope"),
        List.of(PolicyConfig.alwaysSample("a")), null))))
        .hasMessageContaining("policy_order names 'nope'");
    assertThatThrownBy(() -> sampler(PolicyConfig.composite("c", new CompositeConfig(10L, null,
        List.of(PolicyConfig.alwaysSample("a"), PolicyConfig.alwaysSample("b")),
        List.of(new RateAllocation("a", 70.0), new RateAllocation("b", 40.0))))))
        .hasMessageContaining("add up to 110.0");
    assertThatThrownBy(() -> sampler(PolicyConfig.and("a", PolicyConfig.composite("c",
        new CompositeConfig(1L, null, List.of(PolicyConfig.alwaysSample("x")), null)))))
        .hasMessageContaining("a 'composite' policy cannot be a sub-policy of 'and'");
    assertThatThrownBy(() -> TailSampler.create(TailSamplingConfig.of(List.of()), clock))
        .hasMessageContaining("at least one policy is required");
    assertThatThrownBy(() -> new TailSamplingConfig(true, Duration.ofSeconds(-1), null, null, null, null, null))
        .hasMessageContaining("decision_wait must not be negative");
  }

  @Test
  void everyPolicyIsEvaluatedAndCounted() {
    TailSampler s = sampler(PolicyConfig.statusCode("errors", "ERROR"), PolicyConfig.latency("slow", 1000, null),
        PolicyConfig.probabilistic("rest", 0, null));
    decide(s, List.of(span(1, 5000, Status.error("x"), Attributes.empty()), span(2)));
    assertThat(s.policyDecisions()).isEqualTo(Map.of(
        "errors", Map.of(Decision.SAMPLED, 1L, Decision.NOT_SAMPLED, 1L, Decision.INVERTED_SAMPLED, 0L, Decision.INVERTED_NOT_SAMPLED, 0L),
        "slow", Map.of(Decision.SAMPLED, 1L, Decision.NOT_SAMPLED, 1L, Decision.INVERTED_SAMPLED, 0L, Decision.INVERTED_NOT_SAMPLED, 0L),
        "rest", Map.of(Decision.SAMPLED, 0L, Decision.NOT_SAMPLED, 2L, Decision.INVERTED_SAMPLED, 0L, Decision.INVERTED_NOT_SAMPLED, 0L)));
    assertThat(s.decisionFor(trace(1))).contains(new TraceDecision(true, "errors"));
  }
}
