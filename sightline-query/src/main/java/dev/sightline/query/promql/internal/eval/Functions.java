package dev.sightline.query.promql.internal.eval;

import dev.sightline.model.metric.Labels;
import dev.sightline.query.promql.PromqlException;
import dev.sightline.query.promql.PromqlException.Kind;
import dev.sightline.query.promql.internal.ast.Expr;
import dev.sightline.query.promql.internal.ast.Expr.Call;
import dev.sightline.query.promql.internal.ast.Expr.MatrixSelector;
import dev.sightline.query.promql.internal.ast.Expr.Paren;
import dev.sightline.query.promql.internal.ast.Expr.VectorSelector;
import dev.sightline.query.promql.internal.ast.Function;
import dev.sightline.query.promql.internal.ast.ValueType;
import dev.sightline.query.promql.internal.eval.Value.Matrix;
import dev.sightline.query.promql.internal.eval.Value.Points;
import dev.sightline.query.promql.internal.eval.Value.Sample;
import dev.sightline.query.promql.internal.eval.Value.Scalar;
import dev.sightline.query.promql.internal.eval.Value.Str;
import dev.sightline.query.promql.internal.eval.Value.Vector;
import dev.sightline.store.metrics.LabelMatcher;
import dev.sightline.store.metrics.Series;
import dev.sightline.store.metrics.StaleMarker;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/** Function calls: dispatches to range-window functions, label functions, histograms and element-wise math. */
final class Functions {
  private Functions() {}

  static Value eval(Evaluator ev, Call c, long t) {
    Function f = c.function();
    List<Expr> args = c.args();
    switch (f) {
      case TIME -> {
        return new Scalar(t / 1000.0);
      }
      case PI -> {
        return new Scalar(Math.PI);
      }
      case STEP -> {
        return new Scalar(ev.stepMs() / 1000.0);
      }
      case RANGE -> {
        return new Scalar((ev.endMs() - ev.startMs()) / 1000.0);
      }
      case START -> {
        return new Scalar(ev.startMs() / 1000.0);
      }
      case END -> {
        return new Scalar(ev.endMs() / 1000.0);
      }
      case MIN_OF, MAX_OF -> {
        double a = ((Scalar) ev.eval(args.get(0), t)).v();
        double b = ((Scalar) ev.eval(args.get(1), t)).v();
        return new Scalar(f == Function.MIN_OF ? GoMath.min(a, b) : GoMath.max(a, b));
      }
      case VECTOR_FN -> {
        double v = ((Scalar) ev.eval(args.get(0), t)).v();
        return new Vector(List.of(new Sample(Labels.empty(), t, v, false)));
      }
      case SCALAR_FN -> {
        List<Sample> s = vector(ev, args.get(0), t);
        return new Scalar(s.size() == 1 ? s.get(0).v() : Double.NaN);
      }
      case ABSENT -> {
        return vector(ev, args.get(0), t).isEmpty()
            ? new Vector(List.of(new Sample(absentLabels(args.get(0)), t, 1, false))) : new Vector(List.of());
      }
      case ABSENT_OVER_TIME -> {
        return ((Matrix) ev.eval(args.get(0), t)).series().isEmpty()
            ? new Vector(List.of(new Sample(absentLabels(args.get(0)), t, 1, false))) : new Vector(List.of());
      }
      case INFO -> {
        return InfoFunction.eval(ev, c, t);
      }
      case LABEL_REPLACE, LABEL_JOIN -> {
        return LabelFunctions.eval(ev, c, t);
      }
      case SORT, SORT_DESC, SORT_BY_LABEL, SORT_BY_LABEL_DESC -> {
        return LabelFunctions.sort(ev, c, t);
      }
      case HISTOGRAM_QUANTILE, HISTOGRAM_FRACTION, HISTOGRAM_QUANTILES -> {
        return ClassicHistograms.eval(ev, c, t);
      }
      case HISTOGRAM_AVG, HISTOGRAM_COUNT, HISTOGRAM_SUM, HISTOGRAM_STDDEV, HISTOGRAM_STDVAR -> {
        vector(ev, args.get(0), t);
        return new Vector(List.of());
      }
      case TIMESTAMP -> {
        boolean direct = unwrap(args.get(0)) instanceof VectorSelector;
        List<Sample> out = new ArrayList<>();
        for (Sample s : vector(ev, args.get(0), t)) {
          out.add(s.dropping((direct ? s.t() : t) / 1000.0));
        }
        return new Vector(out);
      }
      default -> { }
    }
    if (f.argTypes().contains(ValueType.MATRIX)) {
      return rangeFunction(ev, c, t);
    }
    return elementWise(ev, c, t);
  }

  private static Value rangeFunction(Evaluator ev, Call c, long t) {
    Function f = c.function();
    int matrixArg = f.argTypes().indexOf(ValueType.MATRIX);
    double[] params = new double[c.args().size()];
    int k = 0;
    for (int i = 0; i < c.args().size(); i++) {
      if (i != matrixArg) {
        params[k++] = ((Scalar) ev.eval(c.args().get(i), t)).v();
      }
    }
    Expr arg = c.args().get(matrixArg);
    if ((f == Function.RATE || f == Function.INCREASE || f == Function.DELTA) && arg instanceof MatrixSelector ms
        && ms.mode() == MatrixSelector.RangeMode.PLAIN) {
      return plainRate(ev, f, ms, RangeFunctions.window(ev, arg, t), t);
    }
    Matrix m = f == Function.DELTA && arg instanceof MatrixSelector ms
        ? ev.rangeSelect(ms, t, false) : (Matrix) ev.eval(arg, t);
    long[] window = RangeFunctions.window(ev, arg, t);
    boolean keepName = f == Function.LAST_OVER_TIME || f == Function.FIRST_OVER_TIME;
    if (f == Function.QUANTILE_OVER_TIME && !(params[0] >= 0 && params[0] <= 1) && !m.series().isEmpty()) {
      ev.annotations().warn("quantile value should be between 0 and 1, got " + GoMath.formatFloat(params[0]),
          c.args().get(0).pos());
    }
    List<Sample> out = new ArrayList<>();
    for (Points p : m.series()) {
      if ((f == Function.RATE || f == Function.INCREASE) && arg instanceof MatrixSelector ms
          && ev.firstSight(ms, p.labels())) {
        counterInfo(ev, p.labels(), ms);
      }
      double v = RangeFunctions.apply(f, p, window, params, t);
      if (Double.isNaN(v) && needsTwo(f) && p.size() < 2) {
        continue;
      }
      out.add(new Sample(p.labels(), t, v, keepName ? p.dropName() : true));
    }
    return new Vector(out);
  }

  /**
   * rate/increase/delta of a plain range selector, the common case of a range query: each series' window
   * is read in place from the prefetched arrays (found by the evaluator's per-series cursor) instead of
   * being copied into a new matrix at every step; only a window holding stale markers is copied to drop
   * them. Same results, order and sample accounting as the general path.
   */
  private static Value plainRate(Evaluator ev, Function f, MatrixSelector ms, long[] window, long t) {
    List<Series> list = ev.selected(ms.selector());
    int[] bounds = ev.windowBounds(ms, t);
    boolean counter = f != Function.DELTA;
    boolean perSecond = f == Function.RATE;
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Series s = list.get(i);
      int lo = bounds[2 * i];
      int hi = bounds[2 * i + 1];
      if (hi <= lo) {
        continue;
      }
      long[] ts = s.timestamps();
      double[] vs = s.values();
      int stale = lo;
      while (stale < hi && !StaleMarker.isStale(vs[stale])) {
        stale++;
      }
      int off = lo;
      int n = hi - lo;
      if (stale < hi) {
        long[] pt = new long[n];
        double[] pv = new double[n];
        n = 0;
        for (int k = lo; k < hi; k++) {
          if (!StaleMarker.isStale(vs[k])) {
            pt[n] = ts[k];
            pv[n++] = vs[k];
          }
        }
        ts = pt;
        vs = pv;
        off = 0;
      }
      ev.countSamples(n);
      if (n == 0) {
        continue;
      }
      if (counter && ev.firstSight(ms, s.labels())) {
        counterInfo(ev, s.labels(), ms);
      }
      double v = RangeFunctions.extrapolatedRate(ts, vs, off, n, window[0], window[1], counter, perSecond);
      if (Double.isNaN(v) && n < 2) {
        continue;
      }
      out.add(new Sample(s.labels(), t, v, true));
    }
    return new Vector(out);
  }

  static boolean needsTwo(Function f) {
    return switch (f) {
      case RATE, INCREASE, DELTA, IRATE, IDELTA, DERIV, PREDICT_LINEAR, DOUBLE_EXPONENTIAL_SMOOTHING -> true;
      default -> false;
    };
  }

  static void counterInfo(Evaluator ev, Labels labels, MatrixSelector ms) {
    String name = labels.metricName();
    if (name != null && !name.endsWith("_total") && !name.endsWith("_sum") && !name.endsWith("_count")
        && !name.endsWith("_bucket")) {
      ev.annotations().info("metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \""
          + name + "\"", ms.pos());
    }
  }

  private static Value elementWise(Evaluator ev, Call c, long t) {
    Function f = c.function();
    List<Sample> in;
    if (c.args().isEmpty()) {
      in = List.of(new Sample(Labels.empty(), t, t / 1000.0, false));
    } else {
      in = vector(ev, c.args().get(0), t);
    }
    double[] p = new double[c.args().size()];
    for (int i = 1; i < c.args().size(); i++) {
      p[i] = ((Scalar) ev.eval(c.args().get(i), t)).v();
    }
    if (f == Function.CLAMP && p[2] < p[1]) {
      return new Vector(List.of());
    }
    DoubleUnaryOperator op = operator(f, p);
    List<Sample> out = new ArrayList<>(in.size());
    for (Sample s : in) {
      out.add(s.dropping(op.applyAsDouble(s.v())));
    }
    return new Vector(out);
  }

  private static DoubleUnaryOperator operator(Function f, double[] p) {
    return switch (f) {
      case ABS -> Math::abs;
      case CEIL -> Math::ceil;
      case FLOOR -> Math::floor;
      case EXP -> Math::exp;
      case SQRT -> Math::sqrt;
      case LN -> Math::log;
      case LOG2 -> GoMath::log2;
      case LOG10 -> Math::log10;
      case SGN -> x -> x > 0 ? 1 : x < 0 ? -1 : x;
      case DEG -> x -> x * 180 / Math.PI;
      case RAD -> x -> x * Math.PI / 180;
      case SIN -> Math::sin;
      case COS -> Math::cos;
      case TAN -> Math::tan;
      case ASIN -> Math::asin;
      case ACOS -> Math::acos;
      case ATAN -> Math::atan;
      case SINH -> Math::sinh;
      case COSH -> Math::cosh;
      case TANH -> Math::tanh;
      case ASINH -> x -> Double.isInfinite(x) ? x : Math.log(x + Math.sqrt(x * x + 1));
      case ACOSH -> x -> x < 1 ? Double.NaN : Math.log(x + Math.sqrt(x * x - 1));
      case ATANH -> x -> 0.5 * Math.log((1 + x) / (1 - x));
      case CLAMP -> x -> GoMath.max(p[1], GoMath.min(p[2], x));
      case CLAMP_MAX -> x -> GoMath.min(p[1], x);
      case CLAMP_MIN -> x -> GoMath.max(p[1], x);
      case ROUND -> {
        double toNearest = p.length > 1 ? p[1] : 1;
        double inverse = 1.0 / toNearest;
        yield x -> Math.floor(x * inverse + 0.5) / inverse;
      }
      case DAYS_IN_MONTH -> time(d -> d.toLocalDate().lengthOfMonth());
      case DAY_OF_MONTH -> time(ZonedDateTime::getDayOfMonth);
      case DAY_OF_WEEK -> time(d -> d.getDayOfWeek().getValue() % 7);
      case DAY_OF_YEAR -> time(ZonedDateTime::getDayOfYear);
      case HOUR -> time(ZonedDateTime::getHour);
      case MINUTE -> time(ZonedDateTime::getMinute);
      case MONTH -> time(ZonedDateTime::getMonthValue);
      case YEAR -> time(ZonedDateTime::getYear);
      default -> throw new PromqlException(Kind.EXECUTION, "function " + f.functionName() + " is not supported");
    };
  }

  private static DoubleUnaryOperator time(java.util.function.ToIntFunction<ZonedDateTime> field) {
    return x -> {
      if (Double.isNaN(x) || Double.isInfinite(x) || Math.abs(x) > 1e15) {
        return Double.NaN;
      }
      long secs = (long) Math.floor(x);
      return field.applyAsInt(Instant.ofEpochSecond(secs).atZone(ZoneOffset.UTC));
    };
  }

  static List<Sample> vector(Evaluator ev, Expr e, long t) {
    return ((Vector) ev.eval(e, t)).samples();
  }

  static Expr unwrap(Expr e) {
    while (e instanceof Paren p) {
      e = p.expr();
    }
    return e;
  }

  /** The labels absent() reports: the selector's equality matchers, except names that appear twice. */
  private static Labels absentLabels(Expr arg) {
    List<LabelMatcher> matchers;
    if (arg instanceof VectorSelector vs) {
      matchers = vs.matchers();
    } else if (arg instanceof MatrixSelector ms) {
      matchers = ms.selector().matchers();
    } else {
      return Labels.empty();
    }
    Map<String, Integer> seen = new HashMap<>();
    Labels.Builder b = Labels.builder();
    for (LabelMatcher m : matchers) {
      if (m.name().equals(Labels.METRIC_NAME)) {
        continue;
      }
      if (m.type() == LabelMatcher.Type.EQUAL && seen.merge(m.name(), 1, Integer::sum) == 1) {
        b.set(m.name(), m.value());
      } else {
        b.remove(m.name());
        seen.merge(m.name(), 1, Integer::sum);
      }
    }
    return b.build();
  }

  static Str string(Evaluator ev, Expr e, long t) {
    return (Str) ev.eval(e, t);
  }
}
