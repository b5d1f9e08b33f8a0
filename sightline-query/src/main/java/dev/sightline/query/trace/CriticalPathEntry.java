package dev.sightline.query.trace;

/**
 * A span on the critical path and how much of the path is its own time.
 *
 * @param fraction {@code contributionNanos} over the critical path's length, 0..1
 */
public record CriticalPathEntry(String spanId, String service, String name, long contributionNanos, double fraction) {}
