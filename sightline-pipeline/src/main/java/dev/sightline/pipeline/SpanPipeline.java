package dev.sightline.pipeline;

import dev.sightline.model.Span;
import dev.sightline.pipeline.redaction.Redactor;
import dev.sightline.pipeline.sampling.TailSampler;
import dev.sightline.pipeline.spanmetrics.SpanMetrics;
import dev.sightline.store.SpanConsumer;
import java.io.IOException;
import java.util.List;

/**
 * What happens to a batch of spans between the ingest queue and storage, in this order:
 * <ol>
 *   <li>redaction, first, so a secret never reaches a metric label, the sampler's memory or the disk;
 *   <li>span metrics, from 100% of spans, so RED metrics stay exact whatever sampling keeps;
 *   <li>tail sampling (when enabled), which holds spans for its decision wait and releases the kept ones;
 *   <li>the store, which makes them durable.
 * </ol>
 * With tail sampling off (the single-node default) the queue's acknowledgement still means "on disk".
 * With it on, spans are acknowledged when the sampler has them, before its decision, as with the
 * OpenTelemetry Collector's tail sampler: a crash loses the traces still waiting for a decision. See
 * docs/decisions/0007-processing-order.md.
 */
public final class SpanPipeline implements BatchSink<Span> {
  private final Redactor redactor;
  private final SpanMetrics spanMetrics;
  private final TailSampler sampler;
  private final SpanConsumer store;

  public SpanPipeline(Redactor redactor, SpanMetrics spanMetrics, TailSampler sampler, SpanConsumer store) {
    this.redactor = redactor;
    this.spanMetrics = spanMetrics;
    this.sampler = sampler;
    this.store = store;
  }

  @Override
  public void accept(List<Span> batch) throws IOException {
    List<Span> clean = redactor.redactSpans(batch);
    spanMetrics.consume(clean);
    List<Span> kept = sampler.enabled() ? sampler.offer(clean) : clean;
    if (!kept.isEmpty()) {
      store.accept(kept);
    }
  }

  /** Stores the traces whose decision wait is over and that were kept; call about once a second. */
  public void flushDue() throws IOException {
    if (sampler.enabled()) {
      List<Span> due = sampler.flushDue();
      if (!due.isEmpty()) {
        store.accept(due);
      }
    }
  }

  /** At shutdown: decides every held trace now and stores the kept ones. */
  public void flushAll() throws IOException {
    if (sampler.enabled()) {
      List<Span> all = sampler.flushAll();
      if (!all.isEmpty()) {
        store.accept(all);
      }
    }
  }
}
