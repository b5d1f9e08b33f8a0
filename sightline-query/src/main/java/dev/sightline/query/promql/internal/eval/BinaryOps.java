package dev.sightline.query.promql.internal.eval;

import dev.sightline.model.metric.Labels;
import dev.sightline.query.promql.PromqlException;
import dev.sightline.query.promql.PromqlException.Kind;
import dev.sightline.query.promql.internal.ast.BinOp;
import dev.sightline.query.promql.internal.ast.Expr.Binary;
import dev.sightline.query.promql.internal.ast.Expr.VectorMatching;
import dev.sightline.query.promql.internal.ast.Expr.VectorMatching.Cardinality;
import dev.sightline.query.promql.internal.eval.Value.Sample;
import dev.sightline.query.promql.internal.eval.Value.Scalar;
import dev.sightline.query.promql.internal.eval.Value.Vector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Binary operators: scalar/scalar, vector/scalar and vector/vector with Prometheus's matching rules. */
final class BinaryOps {
  private BinaryOps() {}

  static Value eval(Evaluator ev, Binary b, long t) {
    Value l = ev.eval(b.lhs(), t);
    Value r = ev.eval(b.rhs(), t);
    BinOp op = b.op();
    if (l instanceof Scalar ls && r instanceof Scalar rs) {
      double v = apply(op, ls.v(), rs.v());
      if (op.isComparison()) {
        v = compare(op, ls.v(), rs.v()) ? 1 : 0;
      }
      return new Scalar(v);
    }
    if (l instanceof Vector lv && r instanceof Scalar rs) {
      return vectorScalar(op, lv, rs.v(), false, b.returnBool());
    }
    if (l instanceof Scalar ls && r instanceof Vector rv) {
      return vectorScalar(op, rv, ls.v(), true, b.returnBool());
    }
    Vector lv = (Vector) l;
    Vector rv = (Vector) r;
    return switch (op) {
      case AND -> and(lv, rv, b.matching(), true);
      case UNLESS -> and(lv, rv, b.matching(), false);
      case OR -> or(lv, rv, b.matching());
      default -> vectorVector(op, lv, rv, b.matching(), b.returnBool());
    };
  }

  private static Vector vectorScalar(BinOp op, Vector vec, double scalar, boolean swap, boolean returnBool) {
    List<Sample> out = new ArrayList<>();
    for (Sample s : vec.samples()) {
      double lv = swap ? scalar : s.v();
      double rv = swap ? s.v() : scalar;
      if (op.isComparison()) {
        boolean keep = compare(op, lv, rv);
        if (returnBool) {
          out.add(s.dropping(keep ? 1 : 0));
        } else if (keep) {
          out.add(s);
        }
      } else {
        out.add(s.dropping(apply(op, lv, rv)));
      }
    }
    return new Vector(out);
  }

  private static Vector vectorVector(BinOp op, Vector lhs, Vector rhs, VectorMatching m, boolean returnBool) {
    boolean swapped = m.card() == Cardinality.ONE_TO_MANY;
    List<Sample> many = swapped ? rhs.samples() : lhs.samples();
    List<Sample> one = swapped ? lhs.samples() : rhs.samples();
    Map<Labels, Sample> oneBySig = new HashMap<>();
    for (Sample s : one) {
      Labels sig = signature(s.labels(), m);
      Sample prev = oneBySig.putIfAbsent(sig, s);
      if (prev != null) {
        throw new PromqlException(Kind.EXECUTION, "found duplicate series for the match group " + LabelText.of(sig)
            + " on the " + (swapped ? "left" : "right") + " hand-side of the operation: ["
            + LabelText.of(prev.labels()) + ", " + LabelText.of(s.labels())
            + "];many-to-many matching not allowed: matching labels must be unique on one side");
      }
    }
    Map<Labels, Labels> matchedSigs = new HashMap<>();
    Set<Labels> usedOneSigs = new HashSet<>();
    Set<Labels> produced = new HashSet<>();
    List<Sample> out = new ArrayList<>();
    for (Sample ms : many) {
      Labels sig = signature(ms.labels(), m);
      Sample os = oneBySig.get(sig);
      double oneValue;
      Labels result;
      if (os == null) {
        if (m.fillRight() == null) {
          continue;
        }
        oneValue = m.fillRight();
        result = resultLabels(ms.labels(), Labels.empty(), m);
      } else {
        oneValue = os.v();
        usedOneSigs.add(sig);
        result = resultLabels(ms.labels(), os.labels(), m);
      }
      if (m.card() == Cardinality.ONE_TO_ONE) {
        if (matchedSigs.putIfAbsent(sig, result) != null) {
          throw new PromqlException(Kind.EXECUTION,
              "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
        }
      } else if (!produced.add(result)) {
        throw new PromqlException(Kind.EXECUTION,
            "multiple matches for labels: grouping labels must ensure unique matches");
      }
      Sample r = combine(op, ms.v(), oneValue, swapped, returnBool, result, ms.t(), ms.dropName());
      if (r != null) {
        out.add(r);
      }
    }
    if (m.fillLeft() != null) {
      // One-side series nothing matched: the many side is filled; the result carries the match group.
      for (Sample os : one) {
        Labels sig = signature(os.labels(), m);
        if (usedOneSigs.contains(sig)) {
          continue;
        }
        Sample r = combine(op, m.fillLeft(), os.v(), swapped, returnBool, sig, os.t(), false);
        if (r != null) {
          out.add(r);
        }
      }
    }
    return new Vector(out);
  }

  /** Applies op to one matched pair (many value, one value), or returns null when a filter drops it. */
  private static Sample combine(BinOp op, double manyValue, double oneValue, boolean swapped, boolean returnBool,
      Labels result, long t, boolean manyDropName) {
    double lv = swapped ? oneValue : manyValue;
    double rv = swapped ? manyValue : oneValue;
    if (op.isComparison()) {
      boolean keep = compare(op, lv, rv);
      if (returnBool) {
        return new Sample(result, t, keep ? 1 : 0, true);
      }
      return keep ? new Sample(result, t, lv, manyDropName) : null;
    }
    return new Sample(result, t, apply(op, lv, rv), true);
  }

  private static Labels resultLabels(Labels many, Labels one, VectorMatching m) {
    Labels.Builder b = many.toBuilder();
    if (m.card() == Cardinality.ONE_TO_ONE) {
      if (m.on()) {
        Labels.Builder keep = Labels.builder();
        for (String name : m.labels()) {
          keep.set(name, many.get(name));
        }
        return keep.build();
      }
      for (String name : m.labels()) {
        b.remove(name);
      }
    }
    for (String name : m.include()) {
      b.set(name, one.get(name));
    }
    return b.build();
  }

  static Labels signature(Labels l, VectorMatching m) {
    Labels.Builder b = Labels.builder();
    if (m.on()) {
      for (String name : m.labels()) {
        b.set(name, l.get(name));
      }
      return b.build();
    }
    b = l.toBuilder().remove(Labels.METRIC_NAME);
    for (String name : m.labels()) {
      b.remove(name);
    }
    return b.build();
  }

  private static Vector and(Vector lhs, Vector rhs, VectorMatching m, boolean keepMatching) {
    Set<Labels> rightSigs = new HashSet<>();
    for (Sample s : rhs.samples()) {
      rightSigs.add(signature(s.labels(), m));
    }
    List<Sample> out = new ArrayList<>();
    for (Sample s : lhs.samples()) {
      if (rightSigs.contains(signature(s.labels(), m)) == keepMatching) {
        out.add(s);
      }
    }
    return new Vector(out);
  }

  private static Vector or(Vector lhs, Vector rhs, VectorMatching m) {
    Set<Labels> leftSigs = new HashSet<>();
    List<Sample> out = new ArrayList<>(lhs.samples());
    for (Sample s : lhs.samples()) {
      leftSigs.add(signature(s.labels(), m));
    }
    for (Sample s : rhs.samples()) {
      if (!leftSigs.contains(signature(s.labels(), m))) {
        out.add(s);
      }
    }
    return new Vector(out);
  }

  static boolean compare(BinOp op, double l, double r) {
    return switch (op) {
      case EQL -> l == r;
      case NEQ -> l != r;
      case GTR -> l > r;
      case LSS -> l < r;
      case GTE -> l >= r;
      case LTE -> l <= r;
      default -> throw new IllegalArgumentException(op.symbol());
    };
  }

  static double apply(BinOp op, double l, double r) {
    return switch (op) {
      case ADD -> l + r;
      case SUB -> l - r;
      case MUL -> l * r;
      case DIV -> l / r;
      case MOD -> l % r;
      case POW -> GoMath.pow(l, r);
      case ATAN2 -> Math.atan2(l, r);
      default -> compare(op, l, r) ? l : Double.NaN;
    };
  }
}
