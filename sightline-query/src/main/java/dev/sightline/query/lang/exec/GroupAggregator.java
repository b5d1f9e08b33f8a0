package dev.sightline.query.lang.exec;

import dev.sightline.query.lang.GroupKey;
import dev.sightline.query.lang.Query;
import dev.sightline.query.lang.SelectItem;
import dev.sightline.query.lang.internal.QueryChecks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The aggregation stage: one set of accumulators per distinct group key, at most {@code maxGroups} of
 * them. Without GROUP BY there is exactly one group, present even when no row matched (so
 * {@code count(*)} is 0). Results are ordered by the ORDER BY column (nulls last), ties and unordered
 * queries by the group keys ascending, so results are deterministic.
 */
final class GroupAggregator implements Stage {
  private final Query query;
  private final int limit;
  private final long maxGroups;
  private final MemoryBudget budget;
  private final List<SelectItem.AggregateItem> aggregates;
  private final Map<List<Object>, List<Accumulator>> groups = new HashMap<>();
  private boolean truncated;

  GroupAggregator(Query query, int limit, long maxGroups, MemoryBudget budget) {
    this.query = query;
    this.limit = limit;
    this.maxGroups = maxGroups;
    this.budget = budget;
    this.aggregates = query.select().stream()
        .filter(SelectItem.AggregateItem.class::isInstance).map(SelectItem.AggregateItem.class::cast).toList();
  }

  @Override
  public boolean accept(Map<String, ?> row) {
    Object[] key = new Object[query.groupBy().size()];
    for (int i = 0; i < key.length; i++) {
      key[i] = keyValue(query.groupBy().get(i), row);
    }
    List<Accumulator> accs = groups.get(Arrays.asList(key));
    if (accs == null) {
      if (groups.size() >= maxGroups) {
        throw new QueryLimitException(QueryLimitException.Limit.GROUPS,
            "the query makes more than " + maxGroups + " groups; group by fewer or coarser keys"
                + " (e.g. a wider bucket) or narrow the WHERE clause");
      }
      accs = Accumulator.forItems(aggregates, budget);
      groups.put(Arrays.asList(key), accs);
    }
    for (Accumulator a : accs) {
      a.add(row);
    }
    return true;
  }

  private static Object keyValue(GroupKey k, Map<String, ?> row) {
    return switch (k) {
      case GroupKey.FieldKey f -> RowValues.single(row, f.field());
      case GroupKey.BucketKey b -> {
        Object v = RowValues.single(row, b.field());
        if (v instanceof Long l) {
          yield Math.floorDiv(l, b.widthNanos()) * b.widthNanos();
        }
        if (v instanceof Double d && Double.isFinite(d)) {
          yield (long) Math.floor(d / b.widthNanos()) * b.widthNanos();
        }
        yield null;
      }
    };
  }

  @Override
  public List<Map<String, Object>> finish() {
    if (groups.isEmpty() && query.groupBy().isEmpty()) {
      groups.put(List.of(), Accumulator.forItems(aggregates, budget));
    }
    List<Map<String, Object>> rows = new ArrayList<>(groups.size());
    for (Map.Entry<List<Object>, List<Accumulator>> g : groups.entrySet()) {
      rows.add(row(g.getKey(), g.getValue()));
    }
    rows.sort(order());
    if (rows.size() > limit) {
      truncated = true;
      return List.copyOf(rows.subList(0, limit));
    }
    return rows;
  }

  private Map<String, Object> row(List<Object> key, List<Accumulator> accs) {
    Map<String, Object> out = new LinkedHashMap<>();
    List<GroupKey> keys = query.groupBy();
    for (int i = 0; i < keys.size(); i++) {
      out.put(keys.get(i).name(), key.get(i));
    }
    int a = 0;
    for (SelectItem item : query.select()) {
      if (item instanceof SelectItem.AggregateItem) {
        out.put(item.name(), accs.get(a++).result());
      } else if (item instanceof SelectItem.FieldItem f && !out.containsKey(f.name())) {
        out.put(f.name(), key.get(groupKeyIndex(f.field())));
      }
    }
    return out;
  }

  /** The group key a selected field stands for (the checks guarantee there is one). */
  private int groupKeyIndex(String field) {
    List<GroupKey> keys = query.groupBy();
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i) instanceof GroupKey.FieldKey fk && fk.field().equals(field)) {
        return i;
      }
    }
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).name().equals(field)) {
        return i;
      }
    }
    throw new IllegalStateException("no group key for " + field);
  }

  private Comparator<Map<String, Object>> order() {
    Comparator<Map<String, Object>> byKeys = (x, y) -> 0;
    for (GroupKey k : query.groupBy()) {
      Comparator<Object> values = ValueOrder.nullsLast(false);
      byKeys = byKeys.thenComparing((Map<String, Object> r) -> r.get(k.name()), values);
    }
    if (query.orderBy().isEmpty()) {
      return byKeys;
    }
    String column = QueryChecks.resolvesByExpression(query, query.orderBy().get().key());
    Comparator<Object> values = ValueOrder.nullsLast(query.orderBy().get().descending());
    Comparator<Map<String, Object>> primary = Comparator.comparing((Map<String, Object> r) -> r.get(column), values);
    return primary.thenComparing(byKeys);
  }

  @Override
  public long groups() {
    return groups.size();
  }

  @Override
  public boolean truncated() {
    return truncated;
  }
}
