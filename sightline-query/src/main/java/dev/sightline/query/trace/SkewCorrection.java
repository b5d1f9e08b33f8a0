package dev.sightline.query.trace;

/**
 * One clock-skew correction: the subtree rooted at {@code spanId} was shifted by {@code offsetNanos}
 * (positive: later) so that the server span sits inside the client span that called it.
 *
 * @param spanId the SERVER span that was shifted, with all its descendants
 * @param service its service, whose clock is taken to be off
 * @param parentSpanId the CLIENT span it was aligned with
 * @param parentService the caller's service
 * @param offsetNanos the shift applied
 */
public record SkewCorrection(String spanId, String service, String parentSpanId, String parentService, long offsetNanos) {}
