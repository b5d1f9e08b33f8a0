package dev.sightline.query.lang.internal;

import dev.sightline.query.lang.Aggregation;
import dev.sightline.query.lang.Dataset;
import dev.sightline.query.lang.GroupKey;
import dev.sightline.query.lang.OrderBy;
import dev.sightline.query.lang.Position;
import dev.sightline.query.lang.Query;
import dev.sightline.query.lang.SelectItem;
import dev.sightline.store.filter.Fields;
import dev.sightline.store.filter.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The recursive-descent parser of the Sightline query language:
 * <pre>
 * query     := SELECT ( '*' | item (',' item)* ) FROM ( logs | spans )
 *              [WHERE condition] [GROUP BY key (',' key)*] [ORDER BY orderKey [ASC|DESC]] [LIMIT integer]
 * item      := field [AS name] | function '(' ( '*' | field ) [',' number] ')' [AS name]
 * key       := ( field | bucket '(' field ',' ( 'duration' | duration ) ')' ) [AS name]
 * orderKey  := name | function '(' ... ')' | bucket '(' ... ')'
 * condition := disjunction of conjunctions of [NOT] ( '(' condition ')' | 'text' | field predicate )
 * </pre>
 * Semantic checks run once the whole query is read ({@link QueryChecks}).
 */
public final class QueryGrammar {
  private final TokenStream in;
  private final Limits limits;

  /** Parser limits; all are validated at the token where they are exceeded. */
  public record Limits(int maxDepth, int maxInValues, int maxLimit) {}

  private QueryGrammar(String src, Limits limits) {
    this.in = new TokenStream(src, Lexer.tokenize(src));
    this.limits = limits;
  }

  /** Parses and checks a full {@code SELECT} query. */
  public static Query parseQuery(String src, Limits limits) {
    QueryGrammar g = new QueryGrammar(src, limits);
    Query q = g.query();
    g.in.expect(TokenType.EOF, "end of query");
    return q;
  }

  /** Parses a bare condition (the search shorthand) into a filter. */
  public static Filter parseCondition(String src, Limits limits) {
    QueryGrammar g = new QueryGrammar(src, limits);
    Filter f = g.condition();
    g.in.expect(TokenType.EOF, "AND, OR or end of condition");
    return f;
  }

  private Filter condition() {
    return new ConditionParser(in, limits.maxDepth(), limits.maxInValues()).parse();
  }

  private Query query() {
    in.expectKeyword("SELECT", "SELECT");
    List<SelectItem> items = new ArrayList<>();
    if (!in.accept(TokenType.STAR)) {
      do {
        items.add(selectItem());
      } while (in.accept(TokenType.COMMA));
    }
    in.expectKeyword("FROM", items.isEmpty() ? "FROM" : "',' or FROM");
    Dataset dataset = dataset();
    Filter where = new Filter.MatchAll();
    if (in.acceptKeyword("WHERE")) {
      where = condition();
    }
    List<GroupKey> groupBy = new ArrayList<>();
    if (in.acceptKeyword("GROUP")) {
      in.expectKeyword("BY", "BY after GROUP");
      do {
        groupBy.add(groupKey());
      } while (in.accept(TokenType.COMMA));
    }
    Optional<OrderBy> orderBy = Optional.empty();
    boolean directionGiven = false;
    if (in.acceptKeyword("ORDER")) {
      in.expectKeyword("BY", "BY after ORDER");
      Token start = in.peek();
      String key = orderKey();
      boolean desc = in.acceptKeyword("DESC");
      directionGiven = desc || in.acceptKeyword("ASC");
      orderBy = Optional.of(new OrderBy(key, desc, in.position(start)));
    }
    OptionalInt limit = OptionalInt.empty();
    if (in.acceptKeyword("LIMIT")) {
      Token n = in.expect(TokenType.INTEGER, "a whole number after LIMIT");
      long v = n.number().longValue();
      if (v < 1 || v > limits.maxLimit()) {
        throw in.error(n, "a LIMIT between 1 and " + limits.maxLimit());
      }
      limit = OptionalInt.of((int) v);
    }
    Token end = in.peek();
    if (end.type() != TokenType.EOF) {
      throw in.error(end, nextClauseExpected(where, groupBy, orderBy, directionGiven, limit));
    }
    Query q = new Query(dataset, items, where, groupBy, orderBy, limit);
    QueryChecks.check(q);
    return q;
  }

  private static String nextClauseExpected(Filter where, List<GroupKey> groupBy, Optional<OrderBy> orderBy,
      boolean directionGiven, OptionalInt limit) {
    if (limit.isPresent()) {
      return "end of query";
    }
    if (directionGiven) {
      return "LIMIT or end of query";
    }
    if (orderBy.isPresent()) {
      return "ASC, DESC, LIMIT or end of query";
    }
    if (!groupBy.isEmpty()) {
      return "',', ORDER BY, LIMIT or end of query";
    }
    if (!(where instanceof Filter.MatchAll)) {
      return "AND, OR, GROUP BY, ORDER BY, LIMIT or end of query";
    }
    return "WHERE, GROUP BY, ORDER BY, LIMIT or end of query";
  }

  private Dataset dataset() {
    Token t = in.peek();
    if (t.type() == TokenType.IDENT || t.type() == TokenType.QUOTED_IDENT) {
      for (Dataset d : Dataset.values()) {
        if (d.queryName().equalsIgnoreCase(t.text())) {
          in.next();
          return d;
        }
      }
    }
    throw in.error(t, "a dataset: logs or spans");
  }

  private SelectItem selectItem() {
    Token start = in.peek();
    Position pos = in.position(start);
    if (start.type() == TokenType.IDENT && peekIsCall()) {
      Call call = call();
      if (call.name.equalsIgnoreCase("bucket")) {
        throw in.error(start, "a field or an aggregate in SELECT (bucket(...) belongs in GROUP BY, "
            + "where it also names a result column)");
      }
      Aggregation fn = aggregation(call);
      return new SelectItem.AggregateItem(fn, call.field, call.argument, alias(), pos);
    }
    String field = field("a field name, an aggregate such as count(*), or '*'");
    return new SelectItem.FieldItem(field, alias(), pos);
  }

  private GroupKey groupKey() {
    Token start = in.peek();
    Position pos = in.position(start);
    if (start.type() == TokenType.IDENT && peekIsCall()) {
      Call call = call();
      if (!call.name.equalsIgnoreCase("bucket")) {
        throw in.error(start, "a field or bucket(timestamp, '1m') in GROUP BY");
      }
      return new GroupKey.BucketKey(call.field, call.widthNanos, call.widthText, alias(), pos);
    }
    return new GroupKey.FieldKey(field("a field name or bucket(timestamp, '1m') in GROUP BY"), alias(), pos);
  }

  private String orderKey() {
    Token start = in.peek();
    if (start.type() == TokenType.IDENT && peekIsCall()) {
      Call call = call();
      if (call.name.equalsIgnoreCase("bucket")) {
        return new GroupKey.BucketKey(call.field, call.widthNanos, call.widthText, null, null).expression();
      }
      Aggregation fn = aggregation(call);
      return new SelectItem.AggregateItem(fn, call.field, call.argument, null, null).expression();
    }
    Token t = in.peek();
    if (t.type() == TokenType.IDENT || t.type() == TokenType.QUOTED_IDENT) {
      in.next();
      return t.text(); // as written: it may be an alias; resolution falls back to the canonical field
    }
    throw in.error(t, "a column or field name to order by");
  }

  private boolean peekIsCall() {
    return in.peekAt(1).type() == TokenType.LPAREN;
  }

  /** A call as written: {@code name(*)}, {@code name(field)}, {@code name(field, number|duration)}. */
  private record Call(String name, Token nameToken, String field, double argument, long widthNanos, String widthText) {}

  private Call call() {
    Token nameTok = in.next();
    String name = nameTok.text().toLowerCase(Locale.ROOT);
    boolean bucket = name.equals("bucket");
    if (!bucket && Aggregation.byName(name).isEmpty()) {
      throw in.error(nameTok, "a known function: count, count_distinct, sum, avg, min, max, percentile"
          + " (or bucket in GROUP BY)");
    }
    in.expect(TokenType.LPAREN, "'('");
    String field = null;
    Token argTok = in.peek();
    if (!in.accept(TokenType.STAR)) {
      field = field("a field name" + (name.equals("count") ? " or '*'" : "") + " as the argument of " + name);
    } else if (!name.equals("count")) {
      throw in.error(argTok, "a field name as the argument of " + name + " (only count accepts '*')");
    }
    double argument = 0;
    long widthNanos = 0;
    String widthText = null;
    if (name.equals("percentile")) {
      in.expect(TokenType.COMMA, "',' and the percentile rank, e.g. percentile(duration, 0.99)");
      Token p = in.peek();
      if (p.type() != TokenType.DECIMAL && p.type() != TokenType.INTEGER) {
        throw in.error(p, "a percentile rank between 0 and 1, e.g. 0.99");
      }
      in.next();
      argument = p.number().doubleValue();
      if (!(argument >= 0 && argument <= 1)) {
        throw in.error(p, "a percentile rank between 0 and 1, e.g. 0.99");
      }
    } else if (bucket) {
      in.expect(TokenType.COMMA, "',' and the bucket width, e.g. bucket(timestamp, '1m')");
      Token w = in.next();
      if (w.type() == TokenType.DURATION) {
        widthNanos = w.nanos();
        widthText = w.text();
      } else if (w.type() == TokenType.STRING) {
        widthNanos = DurationUnits.parse(w.text().strip());
        widthText = w.text().strip();
      } else {
        widthNanos = -1;
      }
      if (widthNanos <= 0) {
        throw in.error(w, "a positive bucket width such as '1m', '30s' or '1h' (units ns us ms s m h d w)");
      }
    }
    in.expect(TokenType.RPAREN, "')' to close " + name + "(");
    return new Call(name, nameTok, field, argument, widthNanos, widthText);
  }

  private Aggregation aggregation(Call call) {
    return Aggregation.byName(call.name).orElseThrow();
  }

  private String field(String expected) {
    Token t = in.peek();
    if (t.type() == TokenType.IDENT || t.type() == TokenType.QUOTED_IDENT) {
      in.next();
      return Fields.canonical(t.text());
    }
    throw in.error(t, expected);
  }

  private String alias() {
    if (!in.acceptKeyword("AS")) {
      return null;
    }
    Token t = in.peek();
    if (t.type() == TokenType.IDENT || t.type() == TokenType.QUOTED_IDENT) {
      in.next();
      return t.text();
    }
    throw in.error(t, "a column name after AS");
  }
}
