package dev.sightline.ingest;

import java.util.List;
import java.util.Objects;

/**
 * What a codec made of one request: the records it accepted and, for OTLP partial success, how many it
 * rejected and why. The counters let the server export what the limits cost
 * ({@code sightline_ingest_dropped_attributes_total} and friends).
 *
 * @param accepted records that passed validation, in request order
 * @param rejected records refused (invalid ids, absurd timestamps, a bad NDJSON line)
 * @param errorMessage empty when nothing was rejected; otherwise a summary such as
 *     {@code "2 spans rejected: resourceSpans[0].scopeSpans[0].spans[3].traceId: all zeros; ..."},
 *     suitable for OTLP's {@code partial_success.error_message}
 * @param droppedAttributes attributes dropped by the per-record attribute limits
 * @param truncatedValues string values (attributes, log bodies) truncated to the length limit
 * @param droppedEvents span events dropped by {@link IngestLimits#maxEventsPerSpan()}
 * @param droppedLinks span links dropped by {@link IngestLimits#maxLinksPerSpan()}
 */
public record DecodeResult<T>(
    List<T> accepted,
    int rejected,
    String errorMessage,
    long droppedAttributes,
    long truncatedValues,
    long droppedEvents,
    long droppedLinks) {

  public DecodeResult {
    accepted = List.copyOf(accepted);
    errorMessage = Objects.requireNonNullElse(errorMessage, "");
  }

  /** True when some records were rejected: an OTLP receiver then fills in {@code partial_success}. */
  public boolean isPartial() {
    return rejected > 0;
  }
}
