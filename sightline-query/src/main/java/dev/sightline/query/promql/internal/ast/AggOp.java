package dev.sightline.query.promql.internal.ast;

import java.util.Locale;

/** Aggregation operators; some take a parameter before the vector ({@code topk(3, x)}). */
public enum AggOp {
  SUM(null), AVG(null), COUNT(null), MIN(null), MAX(null), GROUP(null), STDDEV(null), STDVAR(null),
  TOPK(ValueType.SCALAR), BOTTOMK(ValueType.SCALAR), QUANTILE(ValueType.SCALAR),
  COUNT_VALUES(ValueType.STRING), LIMITK(ValueType.SCALAR), LIMIT_RATIO(ValueType.SCALAR);

  private final ValueType paramType;

  AggOp(ValueType paramType) {
    this.paramType = paramType;
  }

  /** The parameter's type, or null when the operator takes none. */
  public ValueType paramType() {
    return paramType;
  }

  public String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static AggOp byKeyword(String s) {
    for (AggOp op : values()) {
      if (op.keyword().equalsIgnoreCase(s)) {
        return op;
      }
    }
    return null;
  }
}
