package dev.sightline.ingest.prometheus;

import dev.sightline.model.metric.Labels;
import java.util.Objects;

/**
 * An exemplar: a sampled observation with its own labels, typically {@code trace_id} and {@code span_id},
 * which the server uses to link a metric point to a trace. Exemplar labels are not part of the series'
 * identity.
 *
 * @param labels the exemplar's labels (may be empty)
 * @param value the observed value
 * @param timestampMs milliseconds since the epoch, or {@link #NO_TIMESTAMP} when the source gave none
 */
public record Exemplar(Labels labels, double value, long timestampMs) {
  /** Marks an exemplar without a timestamp. */
  public static final long NO_TIMESTAMP = Long.MIN_VALUE;

  public Exemplar {
    Objects.requireNonNull(labels, "labels");
  }

  public boolean hasTimestamp() {
    return timestampMs != NO_TIMESTAMP;
  }

  /** The {@code trace_id} label, or null: the key the server uses to link to a trace. */
  public String traceId() {
    return labels.get("trace_id");
  }
}
