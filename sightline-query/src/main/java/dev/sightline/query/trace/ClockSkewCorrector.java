package dev.sightline.query.trace;

import dev.sightline.model.Span;
import dev.sightline.model.SpanKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Moves spans recorded by a skewed clock back inside the call that caused them, as Zipkin's
 * {@code ClockSkew} and Jaeger's clock-skew adjuster do.
 *
 * <p>Only a CLIENT → SERVER edge between different services (or hosts) can reveal skew: the server
 * cannot have started before the client sent the request, nor finished after the client got the answer.
 * When it did, the server subtree is shifted so that the network latency, assumed symmetric, is split
 * evenly on both sides: {@code offset = clientStart + (clientDuration - serverDuration) / 2 - serverStart}.
 * A server span longer than its client cannot be centred; it is aligned on the client's start instead.
 * Shifts accumulate down the tree (a corrected server's own calls move with it), walked top-down
 * without recursion.
 */
final class ClockSkewCorrector {
  private ClockSkewCorrector() {}

  /** Corrected times of every node, and the corrections made. */
  record Result(Timeline timeline, List<SkewCorrection> corrections) {}

  static Result correct(SpanTree tree, boolean enabled) {
    int size = tree.size();
    long[] offset = new long[size];
    List<SkewCorrection> corrections = new ArrayList<>();
    if (enabled) {
      int[] order = Timeline.topDownOrder(tree);
      for (int u : order) {
        Span parent = tree.span(u);
        for (int c : tree.children(u)) {
          offset[c] = offset[u];
          Span child = tree.span(c);
          if (parent == null || !isRemoteCall(parent, child)) {
            continue;
          }
          long ps = parent.startEpochNanos() + offset[u];
          long pe = ps + parent.durationNanos();
          long cs = child.startEpochNanos() + offset[c];
          long ce = cs + child.durationNanos();
          if (cs >= ps && ce <= pe) {
            continue;
          }
          long pd = pe - ps;
          long cd = ce - cs;
          long delta = cd <= pd ? ps + (pd - cd) / 2 - cs : ps - cs;
          if (delta != 0) {
            offset[c] += delta;
            corrections.add(new SkewCorrection(child.spanId(), child.serviceName(), parent.spanId(),
                parent.serviceName(), delta));
          }
        }
      }
    }
    return new Result(Timeline.of(tree, offset), List.copyOf(corrections));
  }

  private static boolean isRemoteCall(Span parent, Span child) {
    if (parent.kind() != SpanKind.CLIENT || child.kind() != SpanKind.SERVER) {
      return false;
    }
    if (!parent.serviceName().equals(child.serviceName())) {
      return true;
    }
    String ph = parent.resource().attributes().getString("host.name");
    String ch = child.resource().attributes().getString("host.name");
    return ph != null && ch != null && !Objects.equals(ph, ch);
  }
}
