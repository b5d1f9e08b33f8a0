package dev.sightline.query.promql.internal.eval;

import dev.sightline.model.metric.Labels;
import dev.sightline.query.promql.PromqlException;
import dev.sightline.query.promql.PromqlException.Kind;
import dev.sightline.query.promql.internal.ast.Expr;
import dev.sightline.query.promql.internal.ast.Expr.Aggregate;
import dev.sightline.query.promql.internal.ast.Expr.At;
import dev.sightline.query.promql.internal.ast.Expr.Binary;
import dev.sightline.query.promql.internal.ast.Expr.Call;
import dev.sightline.query.promql.internal.ast.Expr.MatrixSelector;
import dev.sightline.query.promql.internal.ast.Expr.NumberLiteral;
import dev.sightline.query.promql.internal.ast.Expr.Paren;
import dev.sightline.query.promql.internal.ast.Expr.StringLiteral;
import dev.sightline.query.promql.internal.ast.Expr.Subquery;
import dev.sightline.query.promql.internal.ast.Expr.Unary;
import dev.sightline.query.promql.internal.ast.Expr.VectorSelector;
import dev.sightline.query.promql.internal.eval.Value.Matrix;
import dev.sightline.query.promql.internal.eval.Value.Points;
import dev.sightline.query.promql.internal.eval.Value.Sample;
import dev.sightline.query.promql.internal.eval.Value.Scalar;
import dev.sightline.query.promql.internal.eval.Value.Str;
import dev.sightline.query.promql.internal.eval.Value.Vector;
import dev.sightline.store.metrics.MetricQuerier;
import dev.sightline.store.metrics.Series;
import dev.sightline.store.metrics.StaleMarker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Evaluates a parsed expression at single instants. A range query is a loop of instant evaluations;
 * storage is read once per selector up front (over the whole span any step can need), so the per-step
 * work is only slicing arrays.
 */
public final class Evaluator {
  private static final int MEMO_LIMIT = 1 << 20;
  private final Settings settings;
  private final long startMs;
  private final long endMs;
  private final long stepMs;
  private final Annotations annotations;
  private final Map<VectorSelector, List<Series>> data = new IdentityHashMap<>();
  private final Map<VectorSelector, long[]> spans = new IdentityHashMap<>();
  // Per-series facts that do not change from step to step, keyed by the Labels instance: a prefetched
  // series keeps one Labels object through every step, and selectors, range functions and aggregations
  // pass it on, so a range query computes each series' group once instead of once per step (measured:
  // per-step label lookups dominated a 1 h histogram_quantile over 80k bucket series). Bounded, because
  // expressions that build new label sets at every step (binary operators) would only fill the maps.
  private final Map<Aggregate, Map<Labels, Labels>> groupKeys = new IdentityHashMap<>();
  private final Map<MatrixSelector, Map<Labels, Boolean>> counterChecked = new IdentityHashMap<>();
  // Equal group keys of one aggregation as one instance, so grouping finds a group by identity instead of
  // comparing label strings (each series' key is built from its own strings).
  private final Map<Aggregate, Map<Labels, Labels>> internedKeys = new IdentityHashMap<>();
  // Per plain range selector, each prefetched series' window [lo, hi) at the last evaluated step. Steps
  // move forward, so the next window is found by scanning on from there instead of two binary searches
  // over the whole array; a step that goes back (subqueries) falls back to a binary search.
  private final Map<MatrixSelector, int[]> cursors = new IdentityHashMap<>();
  // Aggregations of a range function over a plain selector that every step of this range query evaluates
  // (found by prefetch, not inside subqueries): served from a table computed for all steps at once.
  private final Map<Aggregate, Boolean> tabled = new IdentityHashMap<>();
  private final Map<Aggregate, Optional<RangeAggregation>> tables = new IdentityHashMap<>();
  private long stepSamples;

  /** Engine options an evaluation needs. */
  public record Settings(MetricQuerier querier, long lookbackMs, long subqueryStepMs, int maxSamples,
      long deadlineMs, LongSupplier clockMs) {}

  private final boolean useTables;

  Evaluator(Settings settings, String query, long startMs, long endMs, long stepMs) {
    this(settings, query, startMs, endMs, stepMs, true);
  }

  /** {@code useTables} false keeps every aggregation on the step-by-step path (tests compare the two). */
  Evaluator(Settings settings, String query, long startMs, long endMs, long stepMs, boolean useTables) {
    this.useTables = useTables;
    this.settings = settings;
    this.startMs = startMs;
    this.endMs = endMs;
    this.stepMs = stepMs;
    this.annotations = new Annotations(query);
  }

  Annotations annotations() {
    return annotations;
  }

  /** {@link Aggregations#groupKey} of {@code l}, remembered for the rest of the query. */
  Labels groupKey(Aggregate a, Labels l) {
    Map<Labels, Labels> memo = groupKeys.computeIfAbsent(a, k -> new IdentityHashMap<>());
    Labels key = memo.get(l);
    if (key == null) {
      Map<Labels, Labels> interned = internedKeys.computeIfAbsent(a, k -> new HashMap<>());
      if (memo.size() >= MEMO_LIMIT) {
        memo.clear();
      }
      if (interned.size() >= MEMO_LIMIT) {
        interned.clear();
      }
      key = interned.computeIfAbsent(Aggregations.groupKey(l, a), k -> k);
      memo.put(l, key);
    }
    return key;
  }

  /** True the first time a series is seen under {@code ms} in this query (for once-per-series checks). */
  boolean firstSight(MatrixSelector ms, Labels l) {
    Map<Labels, Boolean> seen = counterChecked.computeIfAbsent(ms, k -> new IdentityHashMap<>());
    if (seen.size() >= MEMO_LIMIT) {
      seen.clear();
    }
    return seen.put(l, Boolean.TRUE) == null;
  }

  long startMs() {
    return startMs;
  }

  long endMs() {
    return endMs;
  }

  /** The range query's step; 0 for an instant query. */
  long stepMs() {
    return stepMs;
  }

  /** Reads every selector's samples once, over the span all evaluation steps together can touch. */
  void prefetch(Expr root) {
    collectSpans(root, startMs, endMs);
    if (stepMs > 0 && useTables) {
      findTabled(root);
    }
    for (Map.Entry<VectorSelector, long[]> e : spans.entrySet()) {
      try {
        data.put(e.getKey(), settings.querier().select(e.getValue()[0], e.getValue()[1], e.getKey().matchers()));
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    }
  }

  /** Marks the aggregations {@link RangeAggregation} can evaluate, outside subqueries (whose steps differ). */
  private void findTabled(Expr e) {
    switch (e) {
      case Aggregate a -> {
        if (RangeAggregation.shape(a) != null) {
          tabled.put(a, Boolean.TRUE);
          return;
        }
        findTabled(a.expr());
        if (a.param() != null) {
          findTabled(a.param());
        }
      }
      case Paren p -> findTabled(p.expr());
      case Unary u -> findTabled(u.expr());
      case Binary b -> {
        findTabled(b.lhs());
        findTabled(b.rhs());
      }
      case Call c -> c.args().forEach(this::findTabled);
      default -> { }
    }
  }

  private void collectSpans(Expr e, long lo, long hi) {
    switch (e) {
      case VectorSelector vs -> span(vs, lo, hi + (vs.smoothed() ? settings.lookbackMs() : 0),
          settings.lookbackMs());
      case MatrixSelector ms -> {
        boolean extended = ms.mode() != MatrixSelector.RangeMode.PLAIN;
        span(ms.selector(), lo, hi + (extended ? settings.lookbackMs() : 0),
            ms.rangeMs() + (extended ? settings.lookbackMs() : 0));
      }
      case Subquery sq -> {
        long a = sq.at() == null ? lo : atTime(sq.at());
        long b = sq.at() == null ? hi : atTime(sq.at());
        collectSpans(sq.expr(), a - sq.offsetMs() - sq.rangeMs(), b - sq.offsetMs());
      }
      case Paren p -> collectSpans(p.expr(), lo, hi);
      case Unary u -> collectSpans(u.expr(), lo, hi);
      case Binary b -> {
        collectSpans(b.lhs(), lo, hi);
        collectSpans(b.rhs(), lo, hi);
      }
      case Aggregate a -> {
        collectSpans(a.expr(), lo, hi);
        if (a.param() != null) {
          collectSpans(a.param(), lo, hi);
        }
      }
      case Call c -> {
        c.args().forEach(arg -> collectSpans(arg, lo, hi));
        if (c.function() == dev.sightline.query.promql.internal.ast.Function.INFO) {
          // info series are read at the base expression's reference time, which @/offset can move.
          long a = InfoFunction.referenceTime(this, c.args().get(0), lo);
          long b = InfoFunction.referenceTime(this, c.args().get(0), hi);
          span((VectorSelector) c.args().get(1), Math.min(a, b), Math.max(a, b), settings.lookbackMs());
        }
      }
      default -> { }
    }
  }

  private void span(VectorSelector vs, long lo, long hi, long window) {
    long a = vs.at() == null ? lo : atTime(vs.at());
    long b = vs.at() == null ? hi : atTime(vs.at());
    long min = a - vs.offsetMs() - window;
    long max = b - vs.offsetMs();
    spans.merge(vs, new long[] {min, max}, (x, y) -> new long[] {Math.min(x[0], y[0]), Math.max(x[1], y[1])});
  }

  long atTime(At at) {
    return switch (at.kind()) {
      case START -> startMs;
      case END -> endMs;
      case TIME -> at.timeMs();
    };
  }

  /** Call at each top-level step: enforces the deadline and resets the per-step sample budget. */
  void beginStep() {
    checkDeadline();
    stepSamples = 0;
  }

  void checkDeadline() {
    if (settings.clockMs().getAsLong() > settings.deadlineMs()) {
      throw new PromqlException(Kind.TIMEOUT, "query timed out in expression evaluation");
    }
  }

  void countSamples(long n) {
    stepSamples += n;
    if (stepSamples > settings.maxSamples()) {
      throw new PromqlException(Kind.EXECUTION, "query processing would load too many samples into memory in "
          + "query execution");
    }
  }

  Value eval(Expr e, long t) {
    return switch (e) {
      case NumberLiteral n -> new Scalar(n.value());
      case StringLiteral s -> new Str(s.value());
      case Paren p -> eval(p.expr(), t);
      case Unary u -> negate(eval(u.expr(), t));
      case VectorSelector vs -> instantSelect(vs, t);
      case MatrixSelector ms -> rangeSelect(ms, t);
      case Subquery sq -> subquery(sq, t);
      case Binary b -> BinaryOps.eval(this, b, t);
      case Aggregate a -> tabled.containsKey(a) ? tabledAggregate(a, t) : Aggregations.eval(this, a, t);
      case Call c -> Functions.eval(this, c, t);
    };
  }

  private Value tabledAggregate(Aggregate a, long t) {
    long d = t - startMs;
    if (d >= 0 && t <= endMs && d % stepMs == 0) {
      Optional<RangeAggregation> table = tables.get(a);
      if (table == null) {
        table = Optional.ofNullable(RangeAggregation.compute(this, a));
        tables.put(a, table);
      }
      if (table.isPresent()) {
        return table.get().at(this, (int) (d / stepMs), t);
      }
    }
    return Aggregations.eval(this, a, t);
  }

  private static Value negate(Value v) {
    if (v instanceof Scalar s) {
      return new Scalar(-s.v());
    }
    List<Sample> out = new ArrayList<>();
    for (Sample s : ((Vector) v).samples()) {
      out.add(s.dropping(-s.v()));
    }
    return new Vector(out);
  }

  Vector instantSelect(VectorSelector vs, long t) {
    long ref = (vs.at() == null ? t : atTime(vs.at())) - vs.offsetMs();
    List<Sample> out = new ArrayList<>();
    for (Series s : data.getOrDefault(vs, List.of())) {
      long[] ts = s.timestamps();
      int idx = upperBound(ts, ref) - 1;
      if (idx < 0 || ts[idx] <= ref - settings.lookbackMs()) {
        continue;
      }
      double v = s.values()[idx];
      if (StaleMarker.isStale(v)) {
        continue;
      }
      int next = idx + 1;
      if (vs.smoothed() && ts[idx] < ref && next < ts.length && ts[next] <= ref + settings.lookbackMs()
          && !StaleMarker.isStale(s.values()[next])) {
        // Plain linear interpolation (gauge semantics, no reset handling) between the neighbours.
        v = v + (s.values()[next] - v) * (ref - ts[idx]) / (double) (ts[next] - ts[idx]);
      }
      out.add(new Sample(s.labels(), ts[idx], v, false));
    }
    countSamples(out.size());
    return new Vector(out);
  }

  Matrix rangeSelect(MatrixSelector ms, long t) {
    return rangeSelect(ms, t, true);
  }

  /** {@code counter} says whether smoothed edges may assume a counter reset where values drop. */
  Matrix rangeSelect(MatrixSelector ms, long t, boolean counter) {
    VectorSelector vs = ms.selector();
    long ref = (vs.at() == null ? t : atTime(vs.at())) - vs.offsetMs();
    long from = ref - ms.rangeMs();
    List<Points> out = new ArrayList<>();
    if (ms.mode() != MatrixSelector.RangeMode.PLAIN) {
      for (Series s : data.getOrDefault(vs, List.of())) {
        Points p = ExtendedWindows.window(s, from, ref, settings.lookbackMs(), ms.mode(), counter);
        if (p != null) {
          out.add(p);
          countSamples(p.size());
        }
      }
      return new Matrix(out);
    }
    List<Series> list = selected(vs);
    int[] bounds = windowBounds(ms, t);
    for (int i = 0; i < list.size(); i++) {
      Series s = list.get(i);
      long[] ts = s.timestamps();
      int lo = bounds[2 * i];
      int hi = bounds[2 * i + 1];
      if (hi <= lo) {
        continue;
      }
      long[] pt = new long[hi - lo];
      double[] pv = new double[hi - lo];
      int n = 0;
      for (int k = lo; k < hi; k++) {
        double v = s.values()[k];
        if (!StaleMarker.isStale(v)) {
          pt[n] = ts[k];
          pv[n++] = v;
        }
      }
      if (n > 0) {
        out.add(new Points(s.labels(), pt, pv, n, false));
      }
      countSamples(n);
    }
    return new Matrix(out);
  }

  /** The prefetched series of a selector, in the order {@link #windowBounds} indexes them. */
  List<Series> selected(VectorSelector vs) {
    return data.getOrDefault(vs, List.of());
  }

  /**
   * Each series' window of the plain range selector {@code ms} at time t: series i's samples are the
   * indexes [b[2i], b[2i+1]) of its arrays, stale markers included. The array is reused by the next call.
   */
  int[] windowBounds(MatrixSelector ms, long t) {
    VectorSelector vs = ms.selector();
    long ref = (vs.at() == null ? t : atTime(vs.at())) - vs.offsetMs();
    long from = ref - ms.rangeMs();
    List<Series> list = selected(vs);
    int[] b = cursors.computeIfAbsent(ms, k -> new int[2 * list.size()]);
    for (int i = 0; i < list.size(); i++) {
      long[] ts = list.get(i).timestamps();
      int lo = seek(ts, b[2 * i], from);
      b[2 * i] = lo;
      b[2 * i + 1] = seek(ts, Math.max(lo, b[2 * i + 1]), ref);
    }
    return b;
  }

  /** {@link #upperBound}(a, key), scanning forward from {@code hint} when the answer is at or after it. */
  static int seek(long[] a, int hint, long key) {
    int i = Math.min(hint, a.length);
    if (i > 0 && a[i - 1] > key) {
      return upperBound(a, 0, i, key);
    }
    for (int stop = Math.min(a.length, i + 8); i < stop; i++) {
      if (a[i] > key) {
        return i;
      }
    }
    return upperBound(a, i, a.length, key);
  }

  private Matrix subquery(Subquery sq, long t) {
    long ref = (sq.at() == null ? t : atTime(sq.at())) - sq.offsetMs();
    long step = sq.stepMs() > 0 ? sq.stepMs() : settings.subqueryStepMs();
    long bound = ref - sq.rangeMs();
    long first = Math.floorDiv(bound, step) * step;
    if (first <= bound) {
      first += step;
    }
    Map<Labels, SeriesBuilder> acc = new LinkedHashMap<>();
    for (long ti = first; ti <= ref; ti += step) {
      Value v = eval(sq.expr(), ti);
      for (Sample s : ((Vector) v).samples()) {
        acc.computeIfAbsent(s.labels(), l -> new SeriesBuilder(l, s.dropName())).add(ti, s.v());
      }
    }
    List<Points> out = new ArrayList<>();
    for (SeriesBuilder b : acc.values()) {
      out.add(b.build());
    }
    out.sort((a, b) -> a.labels().compareTo(b.labels()));
    return new Matrix(out);
  }

  /** Index of the first element greater than key. */
  static int upperBound(long[] a, long key) {
    return upperBound(a, 0, a.length, key);
  }

  /** Index of the first element greater than key in [from, to), or to. */
  static int upperBound(long[] a, int from, int to, long key) {
    int lo = from;
    int hi = to;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] <= key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Grows one series' points; used by subqueries and range-query assembly. */
  static final class SeriesBuilder {
    final Labels labels;
    final boolean dropName;
    long[] t = new long[8];
    double[] v = new double[8];
    int n;

    SeriesBuilder(Labels labels, boolean dropName) {
      this.labels = labels;
      this.dropName = dropName;
    }

    void add(long ts, double value) {
      if (n == t.length) {
        t = Arrays.copyOf(t, n * 2);
        v = Arrays.copyOf(v, n * 2);
      }
      t[n] = ts;
      v[n++] = value;
    }

    Points build() {
      return new Points(labels, t, v, n, dropName);
    }
  }
}
