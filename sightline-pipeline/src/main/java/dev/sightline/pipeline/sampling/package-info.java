/**
 * Tail-based sampling configured like the OpenTelemetry Collector's {@code tail_sampling} processor
 * ({@link dev.sightline.pipeline.sampling.TailSampler}). Off by default: a single node keeps
 * everything. The shipped configuration can carry this commented example:
 *
 * <pre>{@code
 * # tail_sampling:
 * #   enabled: true
 * #   decision_wait: 30s
 * #   policies:
 * #     - {name: errors, type: status_code, status_code: {status_codes: [ERROR]}}   # every error
 * #     - {name: slow, type: latency, latency: {threshold_ms: 2000}}               # every slow trace
 * #     - {name: ten-percent, type: probabilistic, probabilistic: {sampling_percentage: 10}}  # 10% of the rest
 * }</pre>
 *
 * <p>Where it sits: after span metrics (which must see 100% of spans). Spans are held for
 * {@code decision_wait}; whatever acknowledges a client must not wait for that, so the sampler belongs
 * after the write-ahead log (acknowledge on WAL append, sample on the way from the WAL to the store),
 * and WAL replay after a crash offers the replayed spans to the sampler again (probabilistic decisions
 * are deterministic by trace id, so they come out the same).
 *
 * <p>Differences from the Collector, on purpose: when the memory bound is reached the oldest traces
 * are decided early instead of dropped unseen; memory is bounded in estimated bytes as well as
 * traces; spans already sampled out by an upstream head sampler drop their whole trace. The
 * {@code drop}, {@code not}, {@code span_count}, {@code boolean_attribute}, {@code trace_state},
 * {@code ottl_condition} policies are not implemented yet.
 */
package dev.sightline.pipeline.sampling;
