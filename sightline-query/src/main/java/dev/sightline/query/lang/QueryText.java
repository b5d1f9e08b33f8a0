package dev.sightline.query.lang;

import dev.sightline.query.lang.internal.Lexer;
import dev.sightline.store.filter.Filter;
import dev.sightline.store.filter.Value;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes filters and queries back as Sightline query text, e.g. to show the normalised plan of a
 * shorthand or to log what ran. Strings are single-quoted with {@code ''} escaping and field names that
 * are not plain identifiers (or are keywords) are backquoted, so for every filter the parser can produce,
 * {@code parseCondition(of(filter))} gives an equal filter back, and hostile values stay data.
 * {@link Filter.TimeRange} and {@link Filter.MatchAll}, which have no syntax of their own, are written as
 * equivalent compound conditions on {@code timestamp}. Non-finite doubles have no literal and are refused.
 */
public final class QueryText {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_@][A-Za-z0-9_.@-]*");

  private QueryText() {}

  /** The condition as query text. */
  public static String of(Filter f) {
    return switch (f) {
      case Filter.And a -> a.operands().isEmpty() ? of(new Filter.MatchAll()) : join(a.operands(), " AND ");
      case Filter.Or o -> o.operands().isEmpty() ? "NOT (" + of(new Filter.MatchAll()) + ")" : join(o.operands(), " OR ");
      case Filter.Not n -> "NOT " + operand(n.operand());
      case Filter.Compare c -> field(c.field()) + " " + c.op().symbol() + " " + value(c.value());
      case Filter.In in -> field(in.field()) + " IN ("
          + in.values().stream().map(QueryText::value).collect(Collectors.joining(", ")) + ")";
      case Filter.Contains c -> field(c.field()) + " CONTAINS " + string(c.text());
      case Filter.Like l -> field(l.field()) + " LIKE " + string(l.pattern());
      case Filter.Matches m -> field(m.field()) + " MATCHES " + string(m.regex());
      case Filter.Exists e -> field(e.field()) + " EXISTS";
      case Filter.MessageContains m -> string(m.text());
      case Filter.MatchAll ignored -> "(timestamp EXISTS OR NOT timestamp EXISTS)";
      case Filter.TimeRange t -> "(timestamp >= " + t.startEpochNanos() + " AND timestamp < " + t.endEpochNanos() + ")";
    };
  }

  /** The query as text that parses back to an equal query (positions aside). */
  public static String of(Query q) {
    StringBuilder sb = new StringBuilder("SELECT ");
    if (q.selectsAll()) {
      sb.append('*');
    } else {
      sb.append(q.select().stream().map(QueryText::item).collect(Collectors.joining(", ")));
    }
    sb.append(" FROM ").append(q.dataset().queryName());
    if (!(q.where() instanceof Filter.MatchAll)) {
      sb.append(" WHERE ").append(of(q.where()));
    }
    if (!q.groupBy().isEmpty()) {
      sb.append(" GROUP BY ").append(q.groupBy().stream().map(QueryText::key).collect(Collectors.joining(", ")));
    }
    q.orderBy().ifPresent(o -> sb.append(" ORDER BY ")
        .append(isExpression(q, o.key()) ? o.key() : field(o.key()))
        .append(o.descending() ? " DESC" : " ASC"));
    q.limit().ifPresent(n -> sb.append(" LIMIT ").append(n));
    return sb.toString();
  }

  /** An ORDER BY key written as a call ({@code count(*)}) rather than a name. */
  private static boolean isExpression(Query q, String key) {
    boolean named = q.select().stream().anyMatch(i -> key.equals(i.name()))
        || q.groupBy().stream().anyMatch(k -> key.equals(k.name()));
    boolean call = q.select().stream().anyMatch(i -> i instanceof SelectItem.AggregateItem a && key.equals(a.expression()))
        || q.groupBy().stream().anyMatch(k -> k instanceof GroupKey.BucketKey b && key.equals(b.expression()));
    return call || (!named && key.endsWith(")"));
  }

  private static String item(SelectItem item) {
    return switch (item) {
      case SelectItem.FieldItem f -> field(f.field()) + alias(f.alias());
      case SelectItem.AggregateItem a -> {
        String arg = a.field() == null ? "*" : field(a.field());
        if (a.function() == Aggregation.PERCENTILE) {
          arg += ", " + BigDecimal.valueOf(a.argument()).toPlainString();
        }
        yield a.function().functionName() + "(" + arg + ")" + alias(a.alias());
      }
    };
  }

  private static String key(GroupKey k) {
    return switch (k) {
      case GroupKey.FieldKey f -> field(f.field()) + alias(f.alias());
      case GroupKey.BucketKey b -> "bucket(" + field(b.field()) + ", " + string(b.widthText()) + ")" + alias(b.alias());
    };
  }

  private static String alias(String alias) {
    return alias == null ? "" : " AS " + field(alias);
  }

  private static String join(List<Filter> operands, String op) {
    return operands.stream().map(QueryText::operand).collect(Collectors.joining(op));
  }

  /** And/Or operands are parenthesised so that the tree shape survives a round trip. */
  private static String operand(Filter f) {
    return f instanceof Filter.And || f instanceof Filter.Or ? "(" + of(f) + ")" : of(f);
  }

  /** A field name, backquoted unless it is a plain identifier that is not a keyword. */
  public static String field(String name) {
    if (PLAIN.matcher(name).matches() && !Lexer.KEYWORDS.contains(name.toUpperCase(Locale.ROOT))) {
      return name;
    }
    return "`" + name.replace("`", "``") + "`";
  }

  /** A string literal: single quotes, a quote doubled; everything else verbatim. */
  public static String string(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  private static String value(Value v) {
    return switch (v) {
      case Value.StringValue s -> string(s.value());
      case Value.LongValue l -> Long.toString(l.value());
      case Value.DoubleValue d -> doubleLiteral(d.value());
      case Value.BooleanValue b -> b.value() ? "true" : "false";
    };
  }

  private static String doubleLiteral(double d) {
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException("the query language has no literal for " + d);
    }
    return Double.toString(d); // always has a '.' (1.0, 1.5E10), so it reads back as a double
  }
}
