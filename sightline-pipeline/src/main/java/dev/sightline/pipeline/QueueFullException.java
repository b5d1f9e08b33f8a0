package dev.sightline.pipeline;

/**
 * Thrown when a batch cannot be queued: the queue is at capacity or shutting down. Retryable; receivers
 * answer with their protocol's "try again later" (HTTP 429/503 with Retry-After, gRPC UNAVAILABLE).
 */
public final class QueueFullException extends Exception {
  private static final long serialVersionUID = 1L;
  private final boolean shuttingDown;

  public QueueFullException(String message, boolean shuttingDown) {
    super(message, null, false, false);
    this.shuttingDown = shuttingDown;
  }

  /** True when the queue refused because the server is stopping, not because it is full. */
  public boolean shuttingDown() {
    return shuttingDown;
  }
}
