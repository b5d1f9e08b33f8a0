package dev.sightline.query.trace;

import dev.sightline.model.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers "where did the time go" for one trace: the span tree, clock-skew corrections, self time per
 * span, the critical path, the gaps no span covers, and a one-sentence explanation of the largest
 * contributor on the critical path. Pure: no I/O, no clock, the same spans give the same analysis.
 *
 * <pre>{@code
 * TraceAnalysis analysis = TraceAnalyzer.create().analyze(spans);
 * analysis.explanation().text();
 * // "9.1 s of 9.6 s (95%) is a gap in shipping → third-party-api GET /rates: no span covers it (...)"
 * }</pre>
 *
 * <p>Every step is iterative, so traces of any depth are safe; cost is O(n log n) in the span count.
 * Thread-safe and reusable.
 */
public final class TraceAnalyzer {
  private final long minGapNanos;
  private final boolean correctClockSkew;

  private TraceAnalyzer(Builder b) {
    this.minGapNanos = b.minGapNanos;
    this.correctClockSkew = b.correctClockSkew;
  }

  /** An analyzer with the defaults: skew correction on, gaps from 1 ms. */
  public static TraceAnalyzer create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Analyses the spans of one trace.
   *
   * @throws IllegalArgumentException when {@code spans} is empty or mixes traces
   */
  public TraceAnalysis analyze(List<Span> spans) {
    SpanTree tree = SpanTree.of(spans);
    ClockSkewCorrector.Result skew = ClockSkewCorrector.correct(tree, correctClockSkew);
    Timeline t = skew.timeline();
    int size = tree.size();
    int root = tree.root();

    // Critical path, also grouped per node as time-ordered flat intervals for the overlap sums below.
    List<CriticalPathWalker.Step> steps = CriticalPathWalker.walk(tree, t);
    long[] pathNanos = new long[size];
    Map<Integer, List<CriticalPathWalker.Step>> stepsByNode = new HashMap<>();
    for (CriticalPathWalker.Step s : steps) {
      pathNanos[s.node()] += s.end() - s.start();
      stepsByNode.computeIfAbsent(s.node(), k -> new ArrayList<>()).add(s);
    }
    Map<Integer, long[]> pathIntervals = new HashMap<>();
    stepsByNode.forEach((node, list) -> {
      long[] a = new long[list.size() * 2];
      for (int i = 0; i < list.size(); i++) {
        a[2 * i] = list.get(i).start();
        a[2 * i + 1] = list.get(i).end();
      }
      pathIntervals.put(node, a);
    });

    // Self time and gaps per node.
    List<SelfTime> selfTimes = new ArrayList<>(tree.spans().size());
    List<GapFinder.Found> found = new ArrayList<>();
    long[] selfNanos = new long[size];
    for (int node = 0; node < size; node++) {
      long[] coverage = ChildCoverage.of(tree, t, node);
      selfNanos[node] = t.duration(node) - ChildCoverage.coveredNanos(coverage);
      GapFinder.find(tree, t, node, coverage, minGapNanos, found);
      if (!tree.isSynthetic(node)) {
        selfTimes.add(new SelfTime(tree.spanId(node), tree.service(node), tree.name(node), t.duration(node),
            selfNanos[node], pathNanos[node]));
      }
    }
    long[] gapOnPath = new long[size];
    List<Gap> gaps = new ArrayList<>(found.size());
    for (GapFinder.Found f : found) {
      long[] path = pathIntervals.get(f.node());
      long onPath = path == null ? 0 : ChildCoverage.overlap(new long[] {f.start(), f.end()}, path);
      gapOnPath[f.node()] += onPath;
      gaps.add(new Gap(tree.spanId(f.node()), tree.service(f.node()), tree.name(f.node()), f.start(),
          f.end() - f.start(), f.kind(), f.peer(), f.description(), onPath));
    }

    long total = t.duration(root);
    List<CriticalPathEntry> entries = new ArrayList<>();
    List<CriticalPathSegment> segments = new ArrayList<>(steps.size());
    Set<Integer> seen = new HashSet<>();
    for (CriticalPathWalker.Step s : steps) {
      segments.add(new CriticalPathSegment(tree.spanId(s.node()), s.start(), s.end() - s.start()));
      if (seen.add(s.node())) {
        entries.add(new CriticalPathEntry(tree.spanId(s.node()), tree.service(s.node()), tree.name(s.node()),
            pathNanos[s.node()], fraction(pathNanos[s.node()], total)));
      }
    }
    entries.sort(Comparator.comparingLong(CriticalPathEntry::contributionNanos).reversed());
    selfTimes.sort(Comparator.comparingLong(SelfTime::selfNanos).reversed());
    gaps.sort(Comparator.comparingLong(Gap::durationNanos).reversed().thenComparingLong(Gap::startEpochNanos));

    long pathGapNanos = 0;
    for (long g : gapOnPath) {
      pathGapNanos += g;
    }
    Explanation explanation = ExplanationWriter.explain(tree, t, pathNanos, gapOnPath, gaps, total);
    Set<String> services = new HashSet<>();
    for (Span s : tree.spans()) {
      services.add(s.serviceName());
    }
    TraceTotals totals = new TraceTotals(tree.spans().size(), services.size(), tree.spanId(root),
        tree.hasSyntheticRoot(), t.start[root], total, pathGapNanos, tree.orphanSpanIds().size(),
        tree.duplicateSpanCount());
    return new TraceAnalysis(tree.traceId(), totals, entries, segments, selfTimes, gaps, skew.corrections(),
        tree.orphanSpanIds(), explanation);
  }

  static double fraction(long part, long total) {
    return total <= 0 ? 0 : (double) part / total;
  }

  /** Configures a {@link TraceAnalyzer}. */
  public static final class Builder {
    private long minGapNanos = 1_000_000;
    private boolean correctClockSkew = true;

    private Builder() {}

    /** Gaps shorter than this are not reported (default 1 ms); they remain in self time. */
    public Builder minGapNanos(long minGapNanos) {
      if (minGapNanos < 0) {
        throw new IllegalArgumentException("minGapNanos must not be negative: " + minGapNanos);
      }
      this.minGapNanos = minGapNanos;
      return this;
    }

    /** Whether to correct clock skew between CLIENT and SERVER spans before analysing (default true). */
    public Builder correctClockSkew(boolean correctClockSkew) {
      this.correctClockSkew = correctClockSkew;
      return this;
    }

    public TraceAnalyzer build() {
      return new TraceAnalyzer(this);
    }
  }
}
