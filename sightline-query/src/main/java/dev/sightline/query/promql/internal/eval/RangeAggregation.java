package dev.sightline.query.promql.internal.eval;

import dev.sightline.model.metric.Labels;
import dev.sightline.query.promql.internal.ast.AggOp;
import dev.sightline.query.promql.internal.ast.Expr.Aggregate;
import dev.sightline.query.promql.internal.ast.Expr.Call;
import dev.sightline.query.promql.internal.ast.Expr.MatrixSelector;
import dev.sightline.query.promql.internal.ast.Expr.VectorSelector;
import dev.sightline.query.promql.internal.ast.Function;
import dev.sightline.query.promql.internal.eval.Value.Points;
import dev.sightline.query.promql.internal.eval.Value.Sample;
import dev.sightline.query.promql.internal.eval.Value.Vector;
import dev.sightline.store.metrics.Series;
import dev.sightline.store.metrics.StaleMarker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code sum|count|min|max|group [by|without (...)] (f(x[r]))} for a one-argument range function f
 * ({@code rate}, {@code increase}, {@code delta}, {@code irate}, {@code idelta}, the one-argument
 * {@code *_over_time}, {@code changes}, {@code resets}, {@code deriv}) over a plain range selector, computed
 * for every step of a range query at once, series by series, as Prometheus orders the work.
 *
 * <p>The step-by-step evaluator builds, at each step, one sample per selected series and a group map
 * before reducing; on a dashboard query over 80k bucket series that is 80k objects and map inserts per
 * step. Here each series' window moves forward once across all steps and its rate is folded straight into
 * its group's cell for that step, so the only per-step objects are the groups' output samples. Everything
 * observable stays as the general path's: values (same reduction order, Kahan summation included), the
 * order of output samples (a group appears where its first member would), the per-step sample budget and
 * the "might not be a counter" infos, which are charged and emitted when their step is served.
 */
final class RangeAggregation {
  /** Above this many group-steps the table would cost more heap than the general path's per-step maps. */
  static final long MAX_CELLS = 1L << 22;
  private static final double[] NO_PARAMS = new double[0];

  private final Aggregate agg;
  private final MatrixSelector ms;
  private final List<Series> series;
  private final int steps;
  private final Labels[] keys;
  // Per cell (group g, step k at g * steps + k): the reduction so far (for sum a pair: sum, Kahan compensation) and
  // the index of the first series that reached it (-1: the group has no sample at that step).
  private final double[] value;
  private final int[] first;
  private final long[] samplesAt;
  // Series whose first non-empty window is step k: infoOrder[infoStart[k] .. infoStart[k + 1]).
  private final int[] infoOrder;
  private final int[] infoStart;
  // Members lose their name unless the function keeps it (last/first_over_time); a group drops it if they do.
  private final boolean dropName;

  private RangeAggregation(Aggregate agg, MatrixSelector ms, List<Series> series, int steps, Labels[] keys) {
    this.agg = agg;
    this.ms = ms;
    this.series = series;
    this.steps = steps;
    this.keys = keys;
    int cells = keys.length * steps;
    this.value = new double[agg.op() == AggOp.SUM ? 2 * cells : cells];
    this.first = new int[cells];
    Arrays.fill(first, -1);
    this.samplesAt = new long[steps];
    this.infoOrder = new int[series.size()];
    this.infoStart = new int[steps + 1];
    Function f = function(agg);
    this.dropName = f != Function.LAST_OVER_TIME && f != Function.FIRST_OVER_TIME;
  }

  /** The range function and selector of {@code a} when it has the shape this class evaluates, else null. */
  static MatrixSelector shape(Aggregate a) {
    if (a.param() != null) {
      return null;
    }
    switch (a.op()) {
      case SUM, COUNT, MIN, MAX, GROUP -> { }
      default -> {
        return null;
      }
    }
    if (!(Functions.unwrap(a.expr()) instanceof Call c) || c.args().size() != 1) {
      return null;
    }
    switch (c.function()) {
      case RATE, INCREASE, DELTA, IRATE, IDELTA, AVG_OVER_TIME, SUM_OVER_TIME, COUNT_OVER_TIME, PRESENT_OVER_TIME,
          MIN_OVER_TIME, MAX_OVER_TIME, LAST_OVER_TIME, FIRST_OVER_TIME, STDDEV_OVER_TIME, STDVAR_OVER_TIME,
          MAD_OVER_TIME, TS_OF_LAST_OVER_TIME, TS_OF_FIRST_OVER_TIME, TS_OF_MIN_OVER_TIME, TS_OF_MAX_OVER_TIME,
          CHANGES, RESETS, DERIV -> { }
      default -> {
        return null;
      }
    }
    return c.args().get(0) instanceof MatrixSelector ms && ms.mode() == MatrixSelector.RangeMode.PLAIN ? ms : null;
  }

  private static Function function(Aggregate a) {
    return ((Call) Functions.unwrap(a.expr())).function();
  }

  /**
   * Evaluates {@code a} (of {@link #shape}) at every step of the evaluator's range query; null when the
   * table would exceed {@link #MAX_CELLS}, leaving the query to the general path.
   */
  static RangeAggregation compute(Evaluator ev, Aggregate a) {
    MatrixSelector ms = shape(a);
    VectorSelector vs = ms.selector();
    List<Series> list = ev.selected(vs);
    int steps = (int) ((ev.endMs() - ev.startMs()) / ev.stepMs()) + 1;
    Map<Labels, Integer> groupIds = new HashMap<>();
    List<Labels> keyList = new ArrayList<>();
    int[] group = new int[list.size()];
    for (int i = 0; i < list.size(); i++) {
      Labels key = ev.groupKey(a, list.get(i).labels());
      Integer id = groupIds.get(key);
      if (id == null) {
        id = keyList.size();
        groupIds.put(key, id);
        keyList.add(key);
      }
      group[i] = id;
    }
    if ((long) keyList.size() * steps > MAX_CELLS) {
      return null;
    }
    RangeAggregation r = new RangeAggregation(a, ms, list, steps, keyList.toArray(new Labels[0]));
    r.fill(ev, group, function(a));
    return r;
  }

  private void fill(Evaluator ev, int[] group, Function f) {
    VectorSelector vs = ms.selector();
    boolean extrapolated = f == Function.RATE || f == Function.INCREASE || f == Function.DELTA;
    boolean counter = f != Function.DELTA;
    boolean perSecond = f == Function.RATE;
    boolean infos = f == Function.RATE || f == Function.INCREASE;
    boolean needsTwo = Functions.needsTwo(f);
    long[] window = new long[2];
    long fixedRef = vs.at() == null ? 0 : ev.atTime(vs.at());
    int[] firstStep = new int[series.size()];
    long[] scratchT = new long[0];
    double[] scratchV = new double[0];
    for (int i = 0; i < series.size(); i++) {
      if ((i & 1023) == 0) {
        ev.checkDeadline();
      }
      firstStep[i] = -1;
      Series s = series.get(i);
      long[] ts = s.timestamps();
      double[] vals = s.values();
      boolean anyStale = false;
      for (double v : vals) {
        if (StaleMarker.isStale(v)) {
          anyStale = true;
          break;
        }
      }
      int lo = 0;
      int hi = 0;
      int base = group[i] * steps;
      for (int k = 0; k < steps; k++) {
        long t = ev.startMs() + k * ev.stepMs();
        long ref = (vs.at() == null ? t : fixedRef) - vs.offsetMs();
        long from = ref - ms.rangeMs();
        lo = Evaluator.seek(ts, lo, from);
        hi = Evaluator.seek(ts, Math.max(lo, hi), ref);
        if (hi <= lo) {
          continue;
        }
        long[] wt = ts;
        double[] wv = vals;
        int off = lo;
        int n = hi - lo;
        // rate/increase/delta read the window in place; the other functions get a copy, as the general
        // path's matrix is (some, like mad_over_time, may reorder what they are given).
        if (anyStale || !extrapolated) {
          if (scratchT.length < n) {
            scratchT = new long[n];
            scratchV = new double[n];
          }
          int m = 0;
          for (int j = lo; j < hi; j++) {
            if (!StaleMarker.isStale(vals[j])) {
              scratchT[m] = ts[j];
              scratchV[m++] = vals[j];
            }
          }
          wt = scratchT;
          wv = scratchV;
          off = 0;
          n = m;
        }
        samplesAt[k] += n;
        if (n == 0) {
          continue;
        }
        if (infos && firstStep[i] < 0) {
          firstStep[i] = k;
        }
        double v;
        if (extrapolated) {
          v = RangeFunctions.extrapolatedRate(wt, wv, off, n, from, ref, counter, perSecond);
        } else {
          window[0] = from;
          window[1] = ref;
          v = RangeFunctions.apply(f, new Points(s.labels(), wt, wv, n, false), window, NO_PARAMS, t);
        }
        if (Double.isNaN(v) && needsTwo && n < 2) {
          continue;
        }
        fold(base + k, i, v);
      }
    }
    indexInfos(firstStep);
  }

  /** Adds series i's sample v to cell c, exactly as {@link Aggregations} reduces a group in input order. */
  private void fold(int c, int i, double v) {
    boolean fresh = first[c] < 0;
    if (fresh) {
      first[c] = i;
    }
    switch (agg.op()) {
      case SUM -> GoMath.kahanInc(v, value, 2 * c);
      case COUNT -> value[c] += 1;
      case GROUP -> value[c] = 1;
      case MIN -> {
        if (fresh || Double.isNaN(value[c]) || v < value[c]) {
          value[c] = v;
        }
      }
      case MAX -> {
        if (fresh || Double.isNaN(value[c]) || v > value[c]) {
          value[c] = v;
        }
      }
      default -> throw new IllegalStateException(agg.op().keyword());
    }
  }

  /** Orders series by (first non-empty step, index): the order the general path meets them. */
  private void indexInfos(int[] firstStep) {
    int[] counts = infoStart;
    for (int k : firstStep) {
      if (k >= 0) {
        counts[k + 1]++;
      }
    }
    for (int k = 0; k < steps; k++) {
      counts[k + 1] += counts[k];
    }
    int[] next = Arrays.copyOf(counts, steps);
    for (int i = 0; i < firstStep.length; i++) {
      if (firstStep[i] >= 0) {
        infoOrder[next[firstStep[i]]++] = i;
      }
    }
  }

  /** The aggregation's vector at step k (time t), charging that step's samples and emitting its infos. */
  Vector at(Evaluator ev, int k, long t) {
    ev.countSamples(samplesAt[k]);
    for (int j = infoStart[k]; j < infoStart[k + 1]; j++) {
      Labels l = series.get(infoOrder[j]).labels();
      if (ev.firstSight(ms, l)) {
        Functions.counterInfo(ev, l, ms);
      }
    }
    long[] present = new long[keys.length];
    int n = 0;
    for (int g = 0; g < keys.length; g++) {
      int f = first[g * steps + k];
      if (f >= 0) {
        present[n++] = ((long) f << 32) | g;
      }
    }
    Arrays.sort(present, 0, n);
    List<Sample> out = new ArrayList<>(n);
    for (int j = 0; j < n; j++) {
      int g = (int) present[j];
      int c = g * steps + k;
      double v = agg.op() == AggOp.SUM ? GoMath.kahanResult(value, 2 * c) : value[c];
      out.add(new Sample(keys[g], t, v, dropName));
    }
    return new Vector(out);
  }
}
