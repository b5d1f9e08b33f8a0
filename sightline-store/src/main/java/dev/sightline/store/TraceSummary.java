package dev.sightline.store;

import dev.sightline.model.Span;
import dev.sightline.model.StatusCode;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One row of a trace search: the root span's service and operation (or the earliest span's when the
 * root has not arrived), the trace's extent, how many spans and errors it has, and its services.
 */
public record TraceSummary(
    String traceId,
    String rootService,
    String rootOperation,
    long startEpochNanos,
    long durationNanos,
    int spanCount,
    int errorCount,
    List<String> services) {

  public TraceSummary {
    services = List.copyOf(services);
  }

  /** The summary of a trace's spans (not empty). */
  public static TraceSummary of(String traceId, List<Span> trace) {
    Span root = null;
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    int errors = 0;
    Set<String> services = new TreeSet<>();
    Comparator<Span> earliest = Comparator.comparingLong(Span::startEpochNanos);
    for (Span s : trace) {
      start = Math.min(start, s.startEpochNanos());
      end = Math.max(end, s.endEpochNanos());
      if (s.status().code() == StatusCode.ERROR) {
        errors++;
      }
      services.add(s.serviceName());
      if (root == null || (s.isRoot() && !root.isRoot())
          || (s.isRoot() == root.isRoot() && earliest.compare(s, root) < 0)) {
        root = s;
      }
    }
    return new TraceSummary(traceId, root.serviceName(), root.name(), start, Math.max(0, end - start),
        trace.size(), errors, List.copyOf(services));
  }
}
