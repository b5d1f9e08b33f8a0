package dev.sightline.query.trace;

/**
 * "Where did the time go", in one sentence, with the figures behind it: the largest single contributor
 * to the critical path, either a {@link Gap} or a span's self time.
 *
 * <p>Example: {@code "9.1 s of 9.6 s (95%) is a gap in shipping → third-party-api GET /rates: no span
 * covers it (uninstrumented callee, network or remote queue)"}.
 *
 * @param text the sentence
 * @param contributor what the largest contributor is
 * @param spanId the span it belongs to (null for {@link Contributor#NONE})
 * @param service that span's service
 * @param name that span's name
 * @param gapKind for a gap, its kind; null otherwise
 * @param nanos the contributor's time on the critical path
 * @param totalNanos the critical path's length (the root's duration)
 * @param fraction {@code nanos / totalNanos}, 0..1
 */
public record Explanation(
    String text,
    Contributor contributor,
    String spanId,
    String service,
    String name,
    GapKind gapKind,
    long nanos,
    long totalNanos,
    double fraction) {

  /** The kind of the largest contributor. */
  public enum Contributor {
    GAP,
    SELF_TIME,
    /** The trace has no measurable duration. */
    NONE
  }
}
