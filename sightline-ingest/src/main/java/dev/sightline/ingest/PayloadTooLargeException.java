package dev.sightline.ingest;

/**
 * A body exceeded a configured size limit, either as received or after decompression (a gzip bomb).
 * Receivers answer 413; {@link #limitName()} is the {@link IngestLimits} component that was hit.
 */
public final class PayloadTooLargeException extends RuntimeException {
  private final String limitName;
  private final long limitBytes;

  public PayloadTooLargeException(String limitName, long limitBytes, String what) {
    super(what + " exceeds " + limitName + " = " + limitBytes + " bytes");
    this.limitName = limitName;
    this.limitBytes = limitBytes;
  }

  public String limitName() {
    return limitName;
  }

  public long limitBytes() {
    return limitBytes;
  }
}
