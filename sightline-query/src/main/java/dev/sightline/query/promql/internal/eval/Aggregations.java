package dev.sightline.query.promql.internal.eval;

import dev.sightline.model.metric.Labels;
import dev.sightline.query.promql.PromqlException;
import dev.sightline.query.promql.PromqlException.Kind;
import dev.sightline.query.promql.internal.ast.AggOp;
import dev.sightline.query.promql.internal.ast.Expr.Aggregate;
import dev.sightline.query.promql.internal.eval.Value.Sample;
import dev.sightline.query.promql.internal.eval.Value.Scalar;
import dev.sightline.query.promql.internal.eval.Value.Str;
import dev.sightline.query.promql.internal.eval.Value.Vector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Aggregation operators over groups formed by {@code by}/{@code without}. */
final class Aggregations {
  private Aggregations() {}

  static Value eval(Evaluator ev, Aggregate a, long t) {
    Value param = a.param() == null ? null : ev.eval(a.param(), t);
    List<Sample> in = ((Vector) ev.eval(a.expr(), t)).samples();
    Map<Labels, List<Sample>> groups = new LinkedHashMap<>();
    for (Sample s : in) {
      groups.computeIfAbsent(ev.groupKey(a, s.labels()), k -> new ArrayList<>()).add(s);
    }
    List<Sample> out = new ArrayList<>();
    switch (a.op()) {
      case TOPK, BOTTOMK, LIMITK -> {
        double k = ((Scalar) param).v();
        if (Double.isNaN(k)) {
          throw new PromqlException(Kind.EXECUTION, "Parameter value is NaN");
        }
        if (k > Long.MAX_VALUE || k < Long.MIN_VALUE) {
          throw new PromqlException(Kind.EXECUTION, "Scalar value " + GoMath.formatFloat(k) + " overflows int64");
        }
        long n = (long) k;
        for (List<Sample> g : groups.values()) {
          List<Sample> sorted = new ArrayList<>(g);
          if (a.op() == AggOp.TOPK) {
            sorted.sort(Aggregations::topkOrder);
          } else if (a.op() == AggOp.BOTTOMK) {
            sorted.sort(Aggregations::bottomkOrder);
          }
          for (int i = 0; i < Math.min(n, sorted.size()); i++) {
            out.add(sorted.get(i));
          }
        }
        return new Vector(out);
      }
      case LIMIT_RATIO -> {
        double r = ((Scalar) param).v();
        if (Double.isNaN(r)) {
          throw new PromqlException(Kind.EXECUTION, "Ratio value is NaN");
        }
        if (r < -1 || r > 1) {
          double capped = r < -1 ? -1 : 1;
          ev.annotations().warn("ratio value should be between -1 and 1, got " + GoMath.formatFloat(r)
              + ", capping to " + GoMath.formatFloat(capped), a.param().pos());
          r = capped;
        }
        for (List<Sample> g : groups.values()) {
          for (Sample s : g) {
            double offset = XxHash64.unitOffset(s.labels());
            if ((r >= 0 && offset < r) || (r < 0 && offset >= 1.0 + r)) {
              out.add(s);
            }
          }
        }
        return new Vector(out);
      }
      case COUNT_VALUES -> {
        String label = ((Str) param).s();
        if (label.isEmpty() || !dev.sightline.query.promql.internal.parse.RawBytes.isValidUtf8(label)) {
          throw new PromqlException(Kind.EXECUTION, "invalid label name "
              + dev.sightline.query.promql.internal.parse.RawBytes.goQuote(label));
        }
        // Counted by output label set: the new label may overwrite a grouping label and merge groups.
        Map<Labels, Integer> counts = new LinkedHashMap<>();
        for (Map.Entry<Labels, List<Sample>> g : groups.entrySet()) {
          for (Sample s : g.getValue()) {
            counts.merge(g.getKey().toBuilder().set(label, GoMath.formatFloat(s.v())).build(), 1, Integer::sum);
          }
        }
        counts.forEach((labels, c) -> out.add(new Sample(labels, t, c, false)));
        return new Vector(out);
      }
      default -> {
        double q = param instanceof Scalar s ? s.v() : 0;
        if (a.op() == AggOp.QUANTILE && !(q >= 0 && q <= 1)) {
          ev.annotations().warn("quantile value should be between 0 and 1, got " + GoMath.formatFloat(q),
              a.param().pos());
        }
        for (Map.Entry<Labels, List<Sample>> g : groups.entrySet()) {
          // Delayed name removal: a by(__name__) group keeps the name only if no member was to lose it.
          boolean drop = g.getValue().stream().anyMatch(Sample::dropName);
          out.add(new Sample(g.getKey(), t, reduce(a.op(), g.getValue(), q), drop));
        }
        return new Vector(out);
      }
    }
  }

  /** NaN sorts last for both topk and bottomk, as in Prometheus's heaps. */
  private static int topkOrder(Sample x, Sample y) {
    if (Double.isNaN(x.v()) || Double.isNaN(y.v())) {
      return Boolean.compare(Double.isNaN(x.v()), Double.isNaN(y.v()));
    }
    return Double.compare(y.v(), x.v());
  }

  private static int bottomkOrder(Sample x, Sample y) {
    if (Double.isNaN(x.v()) || Double.isNaN(y.v())) {
      return Boolean.compare(Double.isNaN(x.v()), Double.isNaN(y.v()));
    }
    return Double.compare(x.v(), y.v());
  }

  static Labels groupKey(Labels l, Aggregate a) {
    if (a.without()) {
      Labels.Builder b = l.toBuilder().remove(Labels.METRIC_NAME);
      a.grouping().forEach(b::remove);
      return b.build();
    }
    Labels.Builder b = Labels.builder();
    for (String name : a.grouping()) {
      b.set(name, l.get(name));
    }
    return b.build();
  }

  private static double reduce(AggOp op, List<Sample> g, double q) {
    switch (op) {
      case SUM -> {
        double[] sc = new double[2];
        for (Sample s : g) {
          GoMath.kahanInc(s.v(), sc);
        }
        return GoMath.kahanResult(sc);
      }
      case AVG -> {
        double[] values = new double[g.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = g.get(i).v();
        }
        return Stats.mean(values, values.length);
      }
      case COUNT -> {
        return g.size();
      }
      case GROUP -> {
        return 1;
      }
      case MIN, MAX -> {
        double v = g.get(0).v();
        for (Sample s : g) {
          if (Double.isNaN(v) || (op == AggOp.MIN ? s.v() < v : s.v() > v)) {
            v = s.v();
          }
        }
        return v;
      }
      case STDDEV, STDVAR -> {
        double[] values = new double[g.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = g.get(i).v();
        }
        double var = Stats.variance(values, values.length);
        return op == AggOp.STDDEV ? Math.sqrt(var) : var;
      }
      case QUANTILE -> {
        double[] values = new double[g.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = g.get(i).v();
        }
        return Stats.quantile(q, values, values.length);
      }
      default -> throw new IllegalStateException(op.keyword());
    }
  }
}
