package dev.sightline.store;

import dev.sightline.model.Span;
import java.io.IOException;
import java.util.List;

/** Reads spans back. */
public interface SpanStore {
  /** Every stored span of the trace, in no particular order; empty when the trace is unknown. */
  List<Span> getTrace(String traceId) throws IOException;

  /**
   * Traces that have at least one span matching every criterion of the query (service, operation,
   * duration and tags may be satisfied by different spans only when Zipkin/Jaeger semantics require:
   * here a trace matches when one span matches all span-level criteria), newest first by trace start.
   */
  List<TraceSummary> searchTraces(TraceQuery query) throws IOException;

  /** Service names seen, sorted. */
  List<String> serviceNames() throws IOException;

  /** Span names seen for a service, sorted. */
  List<String> operationNames(String service) throws IOException;
}
