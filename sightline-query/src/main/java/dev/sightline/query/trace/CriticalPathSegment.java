package dev.sightline.query.trace;

/**
 * One stretch of the critical path: during it, the trace was waiting on this span's own work.
 * Segments are in time order and together cover the root span exactly once.
 */
public record CriticalPathSegment(String spanId, long startEpochNanos, long durationNanos) {}
