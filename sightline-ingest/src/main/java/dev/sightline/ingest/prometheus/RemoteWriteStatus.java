package dev.sightline.ingest.prometheus;

import dev.sightline.ingest.InvalidPayloadException;
import dev.sightline.ingest.PayloadTooLargeException;

/**
 * How a remote-write receiver answers a failure, following the remote-write 1.0 spec: a sender retries
 * on 5xx and 429 and never on other 4xx, so bad data must be a 4xx (or the sender retries it forever)
 * and a transient storage failure must be a 5xx (or acknowledged data is lost).
 */
public enum RemoteWriteStatus {
  /** Malformed snappy or protobuf, invalid labels: 400, the sender drops the batch. */
  BAD_DATA(400, false),
  /** Over a size limit: 413, not retried (retrying the same bytes cannot succeed). */
  TOO_LARGE(413, false),
  /** Storage could not take the batch now (WAL I/O error, shutting down): 503, the sender retries. */
  RETRYABLE(503, true);

  private final int httpStatus;
  private final boolean retryable;

  RemoteWriteStatus(int httpStatus, boolean retryable) {
    this.httpStatus = httpStatus;
    this.retryable = retryable;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public boolean retryable() {
    return retryable;
  }

  /**
   * Classifies an exception thrown while decoding or appending: decode errors are the sender's fault,
   * I/O errors (and anything unknown) are treated as retryable, because dropping data
   * on our own bug is worse than a retry.
   */
  public static RemoteWriteStatus classify(Throwable t) {
    if (t instanceof PayloadTooLargeException) {
      return TOO_LARGE;
    }
    if (t instanceof InvalidPayloadException) {
      return BAD_DATA;
    }
    return RETRYABLE; // IOException, UncheckedIOException, and anything unexpected
  }
}
