package dev.sightline.query.trace;

/**
 * The time a span spent outside all its children.
 *
 * @param spanId the span
 * @param service its service
 * @param name its name
 * @param durationNanos its duration
 * @param selfNanos its duration minus the union of its children's intervals (clipped to the span)
 * @param criticalPathNanos how much of the span's own time is on the critical path
 */
public record SelfTime(String spanId, String service, String name, long durationNanos, long selfNanos,
    long criticalPathNanos) {}
