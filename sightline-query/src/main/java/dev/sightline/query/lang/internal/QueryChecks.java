package dev.sightline.query.lang.internal;

import dev.sightline.query.lang.GroupKey;
import dev.sightline.query.lang.OrderBy;
import dev.sightline.query.lang.ParseException;
import dev.sightline.query.lang.Query;
import dev.sightline.query.lang.SelectItem;
import dev.sightline.store.filter.Fields;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/** The checks that need the whole query: column names, grouping rules and ORDER BY keys. */
public final class QueryChecks {
  private QueryChecks() {}

  static void check(Query q) {
    Set<String> seen = new HashSet<>();
    for (GroupKey k : q.groupBy()) {
      if (!seen.add(k.name())) {
        throw new ParseException(k.position(), "distinct GROUP BY keys", "'" + k.name() + "' twice");
      }
    }
    Set<String> itemNames = new HashSet<>();
    for (SelectItem item : q.select()) {
      if (!itemNames.add(item.name())) {
        throw new ParseException(item.position(), "distinct column names (use AS to rename one)",
            "a second column '" + item.name() + "'");
      }
    }
    if (!q.groupBy().isEmpty() && q.selectsAll()) {
      throw new ParseException(q.groupBy().get(0).position(),
          "aggregates in SELECT when grouping (SELECT * lists whole rows; try SELECT count(*) FROM ... GROUP BY ...)",
          "GROUP BY after SELECT *");
    }
    if (q.isAggregated()) {
      for (SelectItem item : q.select()) {
        if (item instanceof SelectItem.FieldItem f && !isGroupKey(q, f)) {
          throw new ParseException(f.position(),
              "field '" + f.field() + "' inside an aggregate such as count_distinct(" + f.field()
                  + ") or listed in GROUP BY",
              "a plain field in an aggregated query");
        }
      }
      q.orderBy().ifPresent(o -> checkAggregatedOrder(q, o));
    }
  }

  private static boolean isGroupKey(Query q, SelectItem.FieldItem f) {
    for (GroupKey k : q.groupBy()) {
      if (k instanceof GroupKey.FieldKey fk && fk.field().equals(f.field())) {
        return true;
      }
      if (k.name().equals(f.field())) {
        return true;
      }
    }
    return false;
  }

  private static void checkAggregatedOrder(Query q, OrderBy o) {
    Set<String> keys = new LinkedHashSet<>(q.columns());
    if (resolvesByExpression(q, o.key()) == null) {
      throw new ParseException(o.position(), "a result column to order by: one of " + String.join(", ", keys),
          "'" + o.key() + "'");
    }
  }

  /**
   * The result column an ORDER BY key names: a column name, an aggregate or bucket expression written
   * as in SELECT/GROUP BY, or a group key's field; null when none.
   */
  public static String resolvesByExpression(Query q, String key) {
    String column = resolveExactly(q, key);
    return column != null ? column : resolveExactly(q, Fields.canonical(key));
  }

  private static String resolveExactly(Query q, String key) {
    if (q.columns().contains(key)) {
      return key;
    }
    for (GroupKey k : q.groupBy()) {
      if (k instanceof GroupKey.BucketKey b && b.expression().equals(key)) {
        return k.name();
      }
      if (k instanceof GroupKey.FieldKey f && f.field().equals(key)) {
        return k.name();
      }
    }
    for (SelectItem item : q.select()) {
      if (item instanceof SelectItem.AggregateItem a && a.expression().equals(key)) {
        return a.name();
      }
      if (item instanceof SelectItem.FieldItem f && f.field().equals(key)) {
        return f.name();
      }
    }
    return null;
  }
}
