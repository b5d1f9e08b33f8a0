package dev.sightline.query.trace;

/**
 * Figures about the whole trace.
 *
 * @param spanCount distinct spans analysed
 * @param serviceCount distinct services among them
 * @param rootSpanId the root, or {@link SpanTree#SYNTHETIC_ROOT_ID} when it had to be synthesised
 * @param syntheticRoot whether the root is synthetic (missing root, several roots or orphans)
 * @param startEpochNanos the root's start, after skew correction
 * @param durationNanos the root's duration, which the critical path covers exactly
 * @param criticalPathGapNanos time on the critical path that is a reported {@link Gap}
 * @param orphanCount spans whose parent is missing
 * @param duplicateSpanCount spans dropped because their id was already seen
 */
public record TraceTotals(
    int spanCount,
    int serviceCount,
    String rootSpanId,
    boolean syntheticRoot,
    long startEpochNanos,
    long durationNanos,
    long criticalPathGapNanos,
    int orphanCount,
    int duplicateSpanCount) {}
