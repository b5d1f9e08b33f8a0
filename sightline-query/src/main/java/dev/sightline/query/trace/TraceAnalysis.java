package dev.sightline.query.trace;

import java.util.List;

/**
 * Where the time of one trace went; the body of {@code GET /api/traces/{id}/analysis}. Plain records
 * and lists, so any JSON mapper serialises it as is. Times are skew-corrected epoch nanoseconds.
 *
 * @param traceId the trace
 * @param totals figures about the whole trace
 * @param criticalPath spans on the critical path with their own time on it, largest first
 * @param criticalPathSegments the critical path itself, in time order
 * @param selfTimes every span's self time, largest first
 * @param gaps uncovered waiting time, largest first
 * @param skewCorrections clock-skew corrections applied before the analysis, top-down
 * @param orphanSpanIds spans whose parent is missing, attached to the synthetic root
 * @param explanation the largest contributor in one sentence
 */
public record TraceAnalysis(
    String traceId,
    TraceTotals totals,
    List<CriticalPathEntry> criticalPath,
    List<CriticalPathSegment> criticalPathSegments,
    List<SelfTime> selfTimes,
    List<Gap> gaps,
    List<SkewCorrection> skewCorrections,
    List<String> orphanSpanIds,
    Explanation explanation) {

  public TraceAnalysis {
    criticalPath = List.copyOf(criticalPath);
    criticalPathSegments = List.copyOf(criticalPathSegments);
    selfTimes = List.copyOf(selfTimes);
    gaps = List.copyOf(gaps);
    skewCorrections = List.copyOf(skewCorrections);
    orphanSpanIds = List.copyOf(orphanSpanIds);
  }
}
