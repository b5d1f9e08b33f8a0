package dev.sightline.store.filter;

/** The comparison operators of {@link Filter.Compare}. */
public enum CompareOp {
  EQ("="),
  NE("!="),
  LT("<"),
  LE("<="),
  GT(">"),
  GE(">=");

  private final String symbol;

  CompareOp(String symbol) {
    this.symbol = symbol;
  }

  /** The operator as the query language writes it. */
  public String symbol() {
    return symbol;
  }

  /** Whether the operator orders values (as opposed to testing equality). */
  public boolean isOrdering() {
    return this != EQ && this != NE;
  }
}
