package dev.sightline.query.promql.internal.ast;

import static dev.sightline.query.promql.internal.ast.ValueType.MATRIX;
import static dev.sightline.query.promql.internal.ast.ValueType.SCALAR;
import static dev.sightline.query.promql.internal.ast.ValueType.STRING;
import static dev.sightline.query.promql.internal.ast.ValueType.VECTOR;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The PromQL function table: argument types, how many trailing arguments are optional
 * ({@code variadic}: 0 none, n up to n more, -1 any number), and the return type. Experimental
 * functions are marked so the engine can refuse them unless enabled, as Prometheus does.
 */
public enum Function {
  ABS(VECTOR), ABSENT(VECTOR), ABSENT_OVER_TIME(MATRIX), ACOS(VECTOR), ACOSH(VECTOR), ASIN(VECTOR),
  ASINH(VECTOR), ATAN(VECTOR), ATANH(VECTOR), AVG_OVER_TIME(MATRIX), CEIL(VECTOR), CHANGES(MATRIX),
  CLAMP(VECTOR, SCALAR, SCALAR), CLAMP_MAX(VECTOR, SCALAR), CLAMP_MIN(VECTOR, SCALAR), COS(VECTOR),
  COSH(VECTOR), COUNT_OVER_TIME(MATRIX),
  DAYS_IN_MONTH(1, VECTOR), DAY_OF_MONTH(1, VECTOR), DAY_OF_WEEK(1, VECTOR), DAY_OF_YEAR(1, VECTOR),
  DEG(VECTOR), DELTA(MATRIX), DERIV(MATRIX), EXP(VECTOR), FLOOR(VECTOR),
  HISTOGRAM_AVG(VECTOR), HISTOGRAM_COUNT(VECTOR), HISTOGRAM_SUM(VECTOR), HISTOGRAM_STDDEV(VECTOR),
  HISTOGRAM_STDVAR(VECTOR), HISTOGRAM_FRACTION(SCALAR, SCALAR, VECTOR), HISTOGRAM_QUANTILE(SCALAR, VECTOR),
  DOUBLE_EXPONENTIAL_SMOOTHING(MATRIX, SCALAR, SCALAR), HOUR(1, VECTOR), IDELTA(MATRIX), INCREASE(MATRIX),
  IRATE(MATRIX), LABEL_REPLACE(VECTOR, STRING, STRING, STRING, STRING),
  LABEL_JOIN(-1, VECTOR, STRING, STRING, STRING), LAST_OVER_TIME(MATRIX), LN(VECTOR), LOG10(VECTOR),
  LOG2(VECTOR), MAD_OVER_TIME(MATRIX), MAX_OVER_TIME(MATRIX), MIN_OVER_TIME(MATRIX), MINUTE(1, VECTOR),
  MONTH(1, VECTOR), PI(), PREDICT_LINEAR(MATRIX, SCALAR), PRESENT_OVER_TIME(MATRIX),
  QUANTILE_OVER_TIME(SCALAR, MATRIX), RAD(VECTOR), RATE(MATRIX), RESETS(MATRIX), ROUND(1, VECTOR, SCALAR),
  SCALAR_FN("scalar", SCALAR, 0, VECTOR), SGN(VECTOR), SIN(VECTOR), SINH(VECTOR), SORT(VECTOR),
  SORT_DESC(VECTOR), SORT_BY_LABEL(-1, VECTOR, STRING), SORT_BY_LABEL_DESC(-1, VECTOR, STRING),
  SQRT(VECTOR), STDDEV_OVER_TIME(MATRIX), STDVAR_OVER_TIME(MATRIX), SUM_OVER_TIME(MATRIX), TAN(VECTOR),
  TANH(VECTOR), TIME("time", SCALAR, 0), TIMESTAMP(VECTOR), VECTOR_FN("vector", VECTOR, 0, SCALAR),
  YEAR(1, VECTOR), FIRST_OVER_TIME(MATRIX), TS_OF_MIN_OVER_TIME(MATRIX), TS_OF_MAX_OVER_TIME(MATRIX),
  TS_OF_LAST_OVER_TIME(MATRIX), TS_OF_FIRST_OVER_TIME(MATRIX),
  HISTOGRAM_QUANTILES("histogram_quantiles", VECTOR, -1, VECTOR, STRING, SCALAR, SCALAR),
  STEP("step", SCALAR, 0), RANGE("range", SCALAR, 0), START("start", SCALAR, 0), END("end", SCALAR, 0),
  MIN_OF("min_of", SCALAR, 0, SCALAR, SCALAR), MAX_OF("max_of", SCALAR, 0, SCALAR, SCALAR),
  INFO("info", VECTOR, 1, VECTOR, VECTOR);

  private static final Map<String, Function> BY_NAME = new HashMap<>();

  static {
    for (Function f : values()) {
      BY_NAME.put(f.functionName, f);
    }
  }

  private final String functionName;
  private final ValueType returnType;
  private final int variadic;
  private final List<ValueType> argTypes;

  Function(ValueType... args) {
    this(0, args);
  }

  Function(int variadic, ValueType... args) {
    this.functionName = name().toLowerCase(Locale.ROOT);
    this.returnType = name().equals("PI") ? SCALAR : VECTOR;
    this.variadic = variadic;
    this.argTypes = List.of(args);
  }

  Function(String name, ValueType returnType, int variadic, ValueType... args) {
    this.functionName = name;
    this.returnType = returnType;
    this.variadic = variadic;
    this.argTypes = List.of(args);
  }

  public static Function byName(String name) {
    return BY_NAME.get(name);
  }

  public String functionName() {
    return functionName;
  }

  public ValueType returnType() {
    return returnType;
  }

  public int variadic() {
    return variadic;
  }

  public List<ValueType> argTypes() {
    return argTypes;
  }

  /** Functions Prometheus ships behind {@code --enable-feature=promql-experimental-functions}. */
  public boolean experimental() {
    return switch (this) {
      case DOUBLE_EXPONENTIAL_SMOOTHING, MAD_OVER_TIME, SORT_BY_LABEL, SORT_BY_LABEL_DESC, FIRST_OVER_TIME,
          TS_OF_MIN_OVER_TIME, TS_OF_MAX_OVER_TIME, TS_OF_LAST_OVER_TIME, TS_OF_FIRST_OVER_TIME,
          HISTOGRAM_QUANTILES, STEP, RANGE, START, END, MIN_OF, MAX_OF, INFO -> true;
      default -> false;
    };
  }
}
