package dev.sightline.query.trace;

/**
 * A stretch of time inside a span that no child span covers while the span is waiting.
 *
 * @param spanId the span the time belongs to
 * @param service that span's service
 * @param name that span's name
 * @param startEpochNanos when the gap starts (after skew correction)
 * @param durationNanos how long it lasts
 * @param kind why no span covers it
 * @param peer for a CLIENT span: the callee (its server span's service, else {@code peer.service},
 *     {@code server.address} or {@code net.peer.name}); null when unknown or not a call
 * @param description who waited on whom, for people: {@code "shipping → third-party-api GET /rates"}
 * @param criticalPathNanos how much of the gap lies on the critical path
 */
public record Gap(
    String spanId,
    String service,
    String name,
    long startEpochNanos,
    long durationNanos,
    GapKind kind,
    String peer,
    String description,
    long criticalPathNanos) {}
