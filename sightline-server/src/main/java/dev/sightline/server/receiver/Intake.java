package dev.sightline.server.receiver;

import dev.sightline.ingest.DecodeResult;
import dev.sightline.pipeline.IngestQueue;
import dev.sightline.pipeline.QueueFullException;
import dev.sightline.server.SelfMetrics;
import java.util.concurrent.CompletableFuture;

/**
 * Where every receiver of one signal hands its decoded batches: counts what arrived, what the codec
 * refused and what the queue took, so that each protocol front end only maps outcomes to its wire.
 */
public final class Intake<T> {
  private final String signal;
  private final IngestQueue<T> queue;
  private final SelfMetrics metrics;

  private final ServiceRateLimit rateLimit;
  private final java.util.function.Function<T, String> serviceOf;

  public Intake(String signal, IngestQueue<T> queue, SelfMetrics metrics) {
    this(signal, queue, metrics, null, null);
  }

  /** With a per-service rate limit (null for none) and how to tell a record's service. */
  public Intake(String signal, IngestQueue<T> queue, SelfMetrics metrics, ServiceRateLimit rateLimit,
                java.util.function.Function<T, String> serviceOf) {
    this.signal = signal;
    this.queue = queue;
    this.metrics = metrics;
    this.rateLimit = rateLimit;
    this.serviceOf = serviceOf;
  }

  public String signal() {
    return signal;
  }

  /**
   * Queues the accepted part of a decoded request. The future completes when it is durable; then, and
   * only then, the receiver acknowledges.
   */
  public CompletableFuture<Void> submit(String protocol, DecodeResult<T> result) throws QueueFullException {
    int n = result.accepted().size();
    metrics.received(signal, protocol, (long) n + result.rejected());
    metrics.rejected(signal, protocol, "invalid", result.rejected());
    metrics.droppedAttributes(signal, protocol, result.droppedAttributes() + result.truncatedValues());
    if (rateLimit != null && n > 0) {
      java.util.Map<String, Integer> perService = new java.util.HashMap<>();
      for (T record : result.accepted()) {
        perService.merge(serviceOf.apply(record), 1, Integer::sum);
      }
      String over = rateLimit.tryAcquire(perService);
      if (over != null) {
        metrics.rejected(signal, protocol, "rate_limited", n);
        throw new QueueFullException(signal + " ingest rate limit exceeded for service '" + over + "' ("
            + rateLimit.perSecond() + " records/s); retry later", false);
      }
    }
    CompletableFuture<Void> done;
    try {
      done = queue.submit(result.accepted());
    } catch (QueueFullException e) {
      metrics.rejected(signal, protocol, e.shuttingDown() ? "shutting_down" : "queue_full", n);
      throw e;
    }
    return done.whenComplete((ok, failure) -> {
      if (failure == null) {
        metrics.accepted(signal, protocol, n);
      } else {
        metrics.rejected(signal, protocol, "storage_error", n);
      }
    });
  }

  /** Counts a decoded request none of whose records could be used; nothing is queued. */
  public void refusedAll(String protocol, DecodeResult<T> result) {
    metrics.received(signal, protocol, result.rejected());
    metrics.rejected(signal, protocol, "invalid", result.rejected());
  }

  /** Counts a request refused before decoding (too large, malformed, wrong type). */
  public void refusedWhole(String protocol, String reason) {
    metrics.rejected(signal, protocol, reason, 1);
  }

  public SelfMetrics metrics() {
    return metrics;
  }
}
