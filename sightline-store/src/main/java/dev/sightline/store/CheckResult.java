package dev.sightline.store;

/** The outcome of a readiness check: ok, or not with a reason a person can act on. */
public record CheckResult(boolean ok, String reason) {
  public static final CheckResult OK = new CheckResult(true, "");

  public static CheckResult failed(String reason) {
    return new CheckResult(false, reason);
  }
}
