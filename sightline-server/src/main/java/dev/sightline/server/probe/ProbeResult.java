package dev.sightline.server.probe;

/**
 * One probe attempt.
 *
 * @param timeMs when the attempt started (the prober's clock)
 * @param statusCode the HTTP status, 0 when no response arrived (refused, timed out, reset)
 * @param error why it failed ({@code timeout after 2s}, {@code connection refused}, {@code HTTP 503}); null on success
 * @param body the start of a failing response's body (the kit's JSON report), null otherwise
 */
public record ProbeResult(long timeMs, boolean success, int statusCode, double durationSeconds, String error,
                          String body) {}
