package dev.sightline.query.promql.internal.ast;

/** The static type of an expression, as Prometheus names it in error messages. */
public enum ValueType {
  SCALAR("scalar"), STRING("string"), VECTOR("instant vector"), MATRIX("range vector");

  private final String display;

  ValueType(String display) {
    this.display = display;
  }

  public String display() {
    return display;
  }
}
