package dev.sightline.query.promql.internal.ast;

/** Binary operators with Prometheus's precedence (higher binds tighter); only {@code ^} is right-associative. */
public enum BinOp {
  OR("or", 1, false, true),
  AND("and", 2, false, true),
  UNLESS("unless", 2, false, true),
  EQL("==", 3, true, false),
  NEQ("!=", 3, true, false),
  GTR(">", 3, true, false),
  LSS("<", 3, true, false),
  GTE(">=", 3, true, false),
  LTE("<=", 3, true, false),
  ADD("+", 4, false, false),
  SUB("-", 4, false, false),
  MUL("*", 5, false, false),
  DIV("/", 5, false, false),
  MOD("%", 5, false, false),
  ATAN2("atan2", 5, false, false),
  POW("^", 6, false, false);

  private final String symbol;
  private final int precedence;
  private final boolean comparison;
  private final boolean setOperator;

  BinOp(String symbol, int precedence, boolean comparison, boolean setOperator) {
    this.symbol = symbol;
    this.precedence = precedence;
    this.comparison = comparison;
    this.setOperator = setOperator;
  }

  public String symbol() {
    return symbol;
  }

  public int precedence() {
    return precedence;
  }

  public boolean isComparison() {
    return comparison;
  }

  public boolean isSetOperator() {
    return setOperator;
  }

  public boolean rightAssociative() {
    return this == POW;
  }
}
