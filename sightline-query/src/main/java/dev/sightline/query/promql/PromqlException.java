package dev.sightline.query.promql;

/**
 * A query that could not be answered. {@link #kind()} tells the HTTP layer which Prometheus
 * {@code errorType} to report: {@code bad_data} for {@link Kind#BAD_DATA}, {@code execution},
 * {@code timeout} or {@code canceled} otherwise.
 */
public class PromqlException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The Prometheus error classes a query can end in. */
  public enum Kind {
    BAD_DATA, EXECUTION, TIMEOUT, CANCELED
  }

  private final Kind kind;

  public PromqlException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public PromqlException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
