package dev.sightline.ingest.prometheus;

/**
 * One value of a series at one instant.
 *
 * @param timestampMs milliseconds since the Unix epoch
 * @param value any double, including NaN, ±Inf and Prometheus's staleness marker (a NaN bit pattern,
 *     preserved as received)
 */
public record Sample(long timestampMs, double value) {}
