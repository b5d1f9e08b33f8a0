package dev.sightline.query.trace;

import dev.sightline.model.Span;
import dev.sightline.model.SpanKind;
import java.util.List;

/**
 * Finds the time a span spends waiting with no child span to show for it.
 *
 * <ul>
 *   <li>A CLIENT span is always waiting: with no child, all of it is {@link GapKind#REMOTE_UNINSTRUMENTED};
 *       otherwise the stretch before the first child is {@link GapKind#REQUEST_IN_FLIGHT}, after the last
 *       {@link GapKind#RESPONSE_IN_FLIGHT}, and holes between children {@link GapKind#BETWEEN_CHILDREN}.
 *   <li>Any other span is doing its own work before its first child and after its last (that is self
 *       time, not a gap), but a hole between two children is {@link GapKind#BETWEEN_CHILDREN}.
 *   <li>The synthetic root's uncovered time is {@link GapKind#MISSING_SPANS}.
 * </ul>
 * Gaps shorter than the analyzer's minimum are not reported.
 */
final class GapFinder {
  /** Attributes naming the callee of a CLIENT span, best first (semantic conventions, old and new). */
  private static final List<String> PEER_ATTRIBUTES = List.of("peer.service", "server.address", "net.peer.name");

  private GapFinder() {}

  /** A gap found in a node, before its critical-path share is known. */
  record Found(int node, long start, long end, GapKind kind, String peer, String description) {}

  static void find(SpanTree tree, Timeline t, int node, long[] coverage, long minGapNanos, List<Found> out) {
    long start = t.start[node];
    long end = t.end[node];
    if (tree.isSynthetic(node)) {
      uncovered(tree, node, start, end, coverage, minGapNanos, GapKind.MISSING_SPANS, GapKind.MISSING_SPANS,
          GapKind.MISSING_SPANS, null, "the missing root span", out);
      return;
    }
    Span span = tree.span(node);
    if (span.kind() == SpanKind.CLIENT) {
      String peer = peerOf(tree, node);
      String description = span.serviceName() + " → " + (peer == null ? "unknown peer" : peer) + " " + span.name();
      if (coverage.length == 0) {
        add(node, start, end, minGapNanos, GapKind.REMOTE_UNINSTRUMENTED, peer, description, out);
      } else {
        uncovered(tree, node, start, end, coverage, minGapNanos, GapKind.REQUEST_IN_FLIGHT,
            GapKind.BETWEEN_CHILDREN, GapKind.RESPONSE_IN_FLIGHT, peer, description, out);
      }
      return;
    }
    String description = span.serviceName() + " " + span.name();
    for (int i = 2; i < coverage.length; i += 2) {
      add(node, coverage[i - 1], coverage[i], minGapNanos, GapKind.BETWEEN_CHILDREN, null, description, out);
    }
  }

  private static void uncovered(SpanTree tree, int node, long start, long end, long[] coverage, long minGapNanos,
      GapKind leading, GapKind between, GapKind trailing, String peer, String description, List<Found> out) {
    if (coverage.length == 0) {
      add(node, start, end, minGapNanos, leading, peer, description, out);
      return;
    }
    add(node, start, coverage[0], minGapNanos, leading, peer, description, out);
    for (int i = 2; i < coverage.length; i += 2) {
      add(node, coverage[i - 1], coverage[i], minGapNanos, between, peer, description, out);
    }
    add(node, coverage[coverage.length - 1], end, minGapNanos, trailing, peer, description, out);
  }

  private static void add(int node, long start, long end, long minGapNanos, GapKind kind, String peer,
      String description, List<Found> out) {
    if (end > start && end - start >= minGapNanos) {
      out.add(new Found(node, start, end, kind, peer, description));
    }
  }

  /** The callee: a SERVER child's service when the callee is instrumented, else what the client recorded. */
  static String peerOf(SpanTree tree, int node) {
    Span span = tree.span(node);
    for (int c : tree.children(node)) {
      Span child = tree.span(c);
      if (child.kind() == SpanKind.SERVER && !child.serviceName().equals(span.serviceName())) {
        return child.serviceName();
      }
    }
    for (String key : PEER_ATTRIBUTES) {
      String v = span.attributes().getString(key);
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }
}
