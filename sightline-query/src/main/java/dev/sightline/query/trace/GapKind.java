package dev.sightline.query.trace;

/** Why no span covers a stretch of time inside a span. */
public enum GapKind {
  /** A CLIENT span with no child: the callee is uninstrumented (a third party), or the time is network and remote queueing. */
  REMOTE_UNINSTRUMENTED("no span covers it (uninstrumented callee, network or remote queue)"),
  /** From a CLIENT span's start to the start of the server work it called. */
  REQUEST_IN_FLIGHT("no span covers it before the server span starts (network or remote queue)"),
  /** From the end of the server work to the end of the CLIENT span. */
  RESPONSE_IN_FLIGHT("no span covers it after the server span ends (network or response transfer)"),
  /** Between two child spans of the same span. */
  BETWEEN_CHILDREN("no span covers it between child spans (uninstrumented work or waiting)"),
  /** Inside the synthetic root: time where the trace's top span is missing. */
  MISSING_SPANS("no span covers it (spans missing from the trace)");

  private final String reason;

  GapKind(String reason) {
    this.reason = reason;
  }

  /** A phrase for people, used in explanations. */
  public String reason() {
    return reason;
  }
}
