package dev.sightline.query.promql.internal.ast;

import dev.sightline.store.metrics.LabelMatcher;
import java.util.List;

/** The PromQL syntax tree. Every node knows its static type and its start offset in the query text. */
public sealed interface Expr {
  ValueType type();

  int pos();

  record NumberLiteral(double value, int pos) implements Expr {
    @Override
    public ValueType type() {
      return ValueType.SCALAR;
    }
  }

  record StringLiteral(String value, int pos) implements Expr {
    @Override
    public ValueType type() {
      return ValueType.STRING;
    }
  }

  /** {@code @} modifier: a fixed time, or the query's start() / end(). */
  record At(Kind kind, long timeMs) {
    public enum Kind { TIME, START, END }
  }

  /** {@code name{matchers} offset o @ t}. The matchers include one for {@code __name__} when named. */
  record VectorSelector(String name, List<LabelMatcher> matchers, long offsetMs, At at, int pos, int end,
      boolean smoothed) implements Expr {
    public VectorSelector(String name, List<LabelMatcher> matchers, long offsetMs, At at, int pos, int end) {
      this(name, matchers, offsetMs, at, pos, end, false);
    }

    @Override
    public ValueType type() {
      return ValueType.VECTOR;
    }

    public VectorSelector withOffset(long o) {
      return new VectorSelector(name, matchers, o, at, pos, end, smoothed);
    }

    public VectorSelector withAt(At a) {
      return new VectorSelector(name, matchers, offsetMs, a, pos, end, smoothed);
    }

    /** Experimental {@code smoothed}: the value interpolated between the samples around the instant. */
    public VectorSelector asSmoothed() {
      return new VectorSelector(name, matchers, offsetMs, at, pos, end, true);
    }
  }

  /**
   * {@code selector[range]}; offset and {@code @} live on the inner selector, as in Prometheus. The
   * experimental {@code anchored} mode adds the last sample before the window as its first point;
   * {@code smoothed} interpolates values at both window edges. Neither extrapolates.
   */
  record MatrixSelector(VectorSelector selector, long rangeMs, RangeMode mode, int pos) implements Expr {
    public enum RangeMode { PLAIN, ANCHORED, SMOOTHED }

    public MatrixSelector(VectorSelector selector, long rangeMs, int pos) {
      this(selector, rangeMs, RangeMode.PLAIN, pos);
    }

    @Override
    public ValueType type() {
      return ValueType.MATRIX;
    }
  }

  /** {@code expr[range:step]}; a step of 0 means the engine's default subquery step. */
  record Subquery(Expr expr, long rangeMs, long stepMs, long offsetMs, At at, int pos) implements Expr {
    @Override
    public ValueType type() {
      return ValueType.MATRIX;
    }
  }

  record Paren(Expr expr, int pos) implements Expr {
    @Override
    public ValueType type() {
      return expr.type();
    }
  }

  /** Unary minus or plus. */
  record Unary(boolean negate, Expr expr, int pos) implements Expr {
    @Override
    public ValueType type() {
      return expr.type();
    }
  }

  /**
   * How a binary operation between two vectors pairs their series. {@code fillLeft}/{@code fillRight}
   * (experimental {@code fill} modifiers, null when absent) stand in for a missing series on the "many"
   * and "one" side respectively (for group_right the sides are swapped, as in Prometheus).
   */
  record VectorMatching(Cardinality card, List<String> labels, boolean on, List<String> include,
      Double fillLeft, Double fillRight) {
    public enum Cardinality { ONE_TO_ONE, MANY_TO_ONE, ONE_TO_MANY, MANY_TO_MANY }

    public VectorMatching(Cardinality card, List<String> labels, boolean on, List<String> include) {
      this(card, labels, on, include, null, null);
    }
  }

  record Binary(BinOp op, Expr lhs, Expr rhs, VectorMatching matching, boolean returnBool, int pos)
      implements Expr {
    @Override
    public ValueType type() {
      return lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR
          ? ValueType.SCALAR : ValueType.VECTOR;
    }
  }

  record Aggregate(AggOp op, Expr expr, Expr param, List<String> grouping, boolean without, int pos)
      implements Expr {
    @Override
    public ValueType type() {
      return ValueType.VECTOR;
    }
  }

  record Call(Function function, List<Expr> args, int pos) implements Expr {
    @Override
    public ValueType type() {
      return function.returnType();
    }
  }
}
