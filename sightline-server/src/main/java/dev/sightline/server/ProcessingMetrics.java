package dev.sightline.server;

import dev.sightline.pipeline.redaction.Redactor;
import dev.sightline.pipeline.sampling.TailSampler;
import dev.sightline.pipeline.spanmetrics.SpanMetrics;

/** Exports what the processors did: redactions per service and rule, sampling decisions, span-metric overflow. */
final class ProcessingMetrics {
  private ProcessingMetrics() {}

  static void register(SelfMetrics m, Redactor redactor, SpanMetrics spanMetrics, TailSampler sampler) {
    m.counter("sightline_redactions", "Values masked by redaction, per service and rule.",
        new String[] {"service", "rule"},
        v -> redactor.report().entries().forEach(e -> v.value(e.count(), e.service(), e.rule())));
    m.counter("sightline_tail_sampling_policy_decisions", "Tail-sampling decisions per policy.",
        new String[] {"policy", "decision"},
        v -> sampler.policyDecisions().forEach((policy, byDecision) ->
            byDecision.forEach((decision, n) -> v.value(n, policy, decision.name().toLowerCase()))));
    m.counter("sightline_tail_sampling_traces", "Final tail-sampling decisions per trace.",
        new String[] {"decision"}, v -> sampler.traceDecisions().forEach((d, n) -> v.value(n, d)));
    m.gauge("sightline_tail_sampling_held_traces", "Traces waiting for a sampling decision.", new String[] {},
        v -> v.value(sampler.heldTraces()));
    m.gauge("sightline_tail_sampling_held_bytes", "Estimated memory of the traces waiting for a decision.",
        new String[] {}, v -> v.value(sampler.heldBytes()));
    m.counter("sightline_span_metrics_overflow_spans", "Spans counted under span_name=other or the overflow "
        + "series because a cardinality bound was reached.", new String[] {"bound"}, v -> {
          v.value(spanMetrics.operationOverflowSpans(), "operations_per_service");
          v.value(spanMetrics.seriesOverflowSpans(), "series");
        });
    m.gauge("sightline_span_metrics_series", "Series kept by span-derived metrics.", new String[] {},
        v -> v.value(spanMetrics.series()));
  }
}
