package dev.sightline.query.lang;

import java.math.BigDecimal;
import java.util.Objects;

/** One item of a {@code SELECT} list. {@link #name()} is its column in the result. */
public sealed interface SelectItem permits SelectItem.FieldItem, SelectItem.AggregateItem {

  /** The result column: the alias when given, else the field or the normalised expression. */
  String name();

  /** Where the item starts in the query text. */
  Position position();

  /** A plain field, {@code http.status_code [AS status]}; {@code alias} is null when not given. */
  record FieldItem(String field, String alias, Position position) implements SelectItem {
    public FieldItem {
      Objects.requireNonNull(field, "field");
    }

    @Override
    public String name() {
      return alias != null ? alias : field;
    }
  }

  /**
   * An aggregate call. {@code field} is null only for {@code count(*)}; {@code argument} is the
   * percentile rank in [0, 1] for {@link Aggregation#PERCENTILE} and 0 otherwise.
   */
  record AggregateItem(Aggregation function, String field, double argument, String alias, Position position)
      implements SelectItem {
    public AggregateItem {
      Objects.requireNonNull(function, "function");
    }

    /** The call in normal form: {@code count(*)}, {@code avg(duration)}, {@code percentile(duration, 0.99)}. */
    public String expression() {
      return expression(function, field, argument);
    }

    @Override
    public String name() {
      return alias != null ? alias : expression();
    }

    static String expression(Aggregation function, String field, double argument) {
      String arg = field == null ? "*" : field;
      if (function == Aggregation.PERCENTILE) {
        arg += ", " + BigDecimal.valueOf(argument).stripTrailingZeros().toPlainString();
      }
      return function.functionName() + "(" + arg + ")";
    }
  }
}
