package dev.sightline.alerting.notify;

import java.time.Instant;

/**
 * Delivery counters for one integration of one receiver ({@code integration} is e.g. {@code webhook[0]}),
 * for /metrics and the API.
 *
 * @param retried send attempts that failed and were scheduled again
 * @param failed notifications given up on after the retry budget
 * @param pending notifications waiting in the durable queue
 */
public record ReceiverStats(String receiver, String integration, long sent, long failed, long retried, long pending,
                            String lastError, Instant lastErrorAt) {}
