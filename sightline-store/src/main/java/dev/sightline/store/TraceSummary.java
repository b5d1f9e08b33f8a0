package dev.sightline.store;

import java.util.List;

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
}
