package dev.sightline.instrument.health;

/**
 * Which probe a check answers, following the Kubernetes probe model.
 *
 * <ul>
 *   <li>{@link #LIVENESS}: "is the process able to make progress?" A failure means "restart me". Keep
 *       these rare and local (a deadlocked worker pool), never a remote dependency.
 *   <li>{@link #READINESS}: "should traffic be sent here?" Local dependencies (database, cache) are
 *       critical; external APIs are non-critical and only degrade the report.
 *   <li>{@link #STARTUP}: "has initialisation finished?" Until every startup check has passed once,
 *       liveness and readiness report {@code DOWN}; after that startup checks are not run again.
 * </ul>
 */
public enum CheckKind {
  LIVENESS("live"),
  READINESS("ready"),
  STARTUP("started");

  private final String pathSegment;

  CheckKind(String pathSegment) {
    this.pathSegment = pathSegment;
  }

  /** The last path segment of this probe's endpoint: {@code /health/live}, {@code /health/ready}, {@code /health/started}. */
  public String pathSegment() {
    return pathSegment;
  }

  /** The kind served at {@code /health/<segment>}, or null when the segment names no probe. */
  public static CheckKind forPathSegment(String segment) {
    for (CheckKind k : values()) {
      if (k.pathSegment.equals(segment)) {
        return k;
      }
    }
    return null;
  }
}
