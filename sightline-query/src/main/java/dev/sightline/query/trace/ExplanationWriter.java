package dev.sightline.query.trace;

import java.util.List;

/**
 * Picks the largest single contributor to the critical path, a gap or one span's self time outside its
 * gaps, and says it in one sentence with its figures. Ties go to the gap (the more actionable finding);
 * among equal gaps the longer, then the earlier wins; among equal self times the earlier span.
 */
final class ExplanationWriter {
  private ExplanationWriter() {}

  static Explanation explain(SpanTree tree, Timeline t, long[] pathNanos, long[] gapOnPath, List<Gap> gaps, long total) {
    if (total <= 0) {
      return new Explanation("the trace has no measurable duration", Explanation.Contributor.NONE, null, null, null,
          null, 0, total, 0);
    }
    Gap bestGap = null;
    for (Gap g : gaps) {
      if (g.criticalPathNanos() > 0 && (bestGap == null || g.criticalPathNanos() > bestGap.criticalPathNanos())) {
        bestGap = g;
      }
    }
    int bestSelf = -1;
    long bestSelfNanos = 0;
    for (int node = 0; node < pathNanos.length; node++) {
      long self = pathNanos[node] - gapOnPath[node];
      boolean better = self > bestSelfNanos || (self == bestSelfNanos && bestSelf >= 0 && t.start[node] < t.start[bestSelf]);
      if (!tree.isSynthetic(node) && self > 0 && better) {
        bestSelf = node;
        bestSelfNanos = self;
      }
    }
    String figures;
    if (bestGap != null && bestGap.criticalPathNanos() >= bestSelfNanos) {
      figures = figures(bestGap.criticalPathNanos(), total);
      return new Explanation(figures + " is a gap in " + bestGap.description() + ": " + bestGap.kind().reason(),
          Explanation.Contributor.GAP, bestGap.spanId(), bestGap.service(), bestGap.name(), bestGap.kind(),
          bestGap.criticalPathNanos(), total, TraceAnalyzer.fraction(bestGap.criticalPathNanos(), total));
    }
    if (bestSelf < 0) {
      // Only sub-threshold uncovered time in a synthetic root: nothing a person can act on.
      return new Explanation("no span or gap stands out on the critical path", Explanation.Contributor.NONE, null,
          null, null, null, 0, total, 0);
    }
    figures = figures(bestSelfNanos, total);
    String who = tree.service(bestSelf) + " " + tree.name(bestSelf);
    return new Explanation(figures + " is self time in " + who
            + ": work in the span itself, outside any child span",
        Explanation.Contributor.SELF_TIME, tree.spanId(bestSelf), tree.service(bestSelf), tree.name(bestSelf), null,
        bestSelfNanos, total, TraceAnalyzer.fraction(bestSelfNanos, total));
  }

  private static String figures(long nanos, long total) {
    return HumanDuration.format(nanos) + " of " + HumanDuration.format(total) + " ("
        + HumanDuration.percent(nanos, total) + ")";
  }
}
