package dev.sightline.query.lang.exec;

import dev.sightline.query.lang.OrderBy;
import dev.sightline.query.lang.Query;
import dev.sightline.query.lang.SelectItem;
import dev.sightline.store.filter.Fields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The stage of a query that lists rows. Without ORDER BY it keeps the first {@code limit} rows in arrival
 * order and then asks for no more; with ORDER BY it keeps the best {@code limit} rows in a bounded heap
 * (ties keep arrival order), so memory is O(limit) whatever the number of rows. An ORDER BY timestamp over
 * rows that arrive in that order (the event store's, {@link RowSource#timeOrdered()}) is the first case:
 * the first {@code limit} rows are the best ones, and reading stops there (a search for a common word
 * over millions of lines reads one page, not every match).
 */
final class RowCollector implements Stage {
  private record Entry(Object key, long seq, Map<String, Object> row) {}

  private final Query query;
  private final int limit;
  private final String orderField;
  private final Comparator<Entry> order;
  private final PriorityQueue<Entry> heap;
  private final List<Map<String, Object>> firstRows = new ArrayList<>();
  private long seq;
  private boolean truncated;

  RowCollector(Query query, int limit) {
    this(query, limit, false);
  }

  RowCollector(Query query, int limit, boolean timeOrderedInput) {
    this.query = query;
    this.limit = limit;
    OrderBy o = query.orderBy().orElse(null);
    // The source orders by the key as written: "timestamp" itself, not an alias of it nor a column named so.
    boolean arrivesInOrder = timeOrderedInput && o != null && o.key().equals(Fields.TIMESTAMP)
        && resolveField(query, o.key()).equals(Fields.TIMESTAMP);
    if (o == null || arrivesInOrder) {
      orderField = null;
      order = null;
      heap = null;
    } else {
      orderField = resolveField(query, o.key());
      Comparator<Object> values = ValueOrder.nullsLast(o.descending());
      order = Comparator.<Entry, Object>comparing(Entry::key, values).thenComparingLong(Entry::seq);
      heap = new PriorityQueue<>(Math.min(limit, 1024) + 1, order.reversed());
    }
  }

  /** An alias of a selected field orders by that field; anything else is a field name. */
  private static String resolveField(Query q, String key) {
    for (SelectItem item : q.select()) {
      if (item instanceof SelectItem.FieldItem f && key.equals(f.alias())) {
        return f.field();
      }
    }
    return Fields.canonical(key);
  }

  @Override
  public boolean accept(Map<String, ?> row) {
    if (heap == null) {
      if (firstRows.size() >= limit) {
        truncated = true;
        return false;
      }
      firstRows.add(project(row));
      return true;
    }
    Entry e = new Entry(RowValues.single(row, orderField), seq++, null);
    if (heap.size() >= limit) {
      truncated = true;
      if (order.compare(e, heap.peek()) >= 0) {
        return true; // not better than the worst kept row: skip the projection entirely
      }
      heap.poll();
    }
    heap.add(new Entry(e.key(), e.seq(), project(row)));
    return true;
  }

  private Map<String, Object> project(Map<String, ?> row) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (query.selectsAll()) {
      row.forEach((k, v) -> out.put(k, v == null ? null : normalise(v)));
      return out;
    }
    for (SelectItem item : query.select()) {
      SelectItem.FieldItem f = (SelectItem.FieldItem) item;
      out.put(f.name(), RowValues.single(row, f.field()));
    }
    return out;
  }

  private static Object normalise(Object v) {
    return v instanceof java.util.Collection<?> c
        ? c.stream().filter(java.util.Objects::nonNull).map(dev.sightline.store.filter.FilterEvaluator::normalise).toList()
        : dev.sightline.store.filter.FilterEvaluator.normalise(v);
  }

  @Override
  public List<Map<String, Object>> finish() {
    if (heap == null) {
      return firstRows;
    }
    List<Entry> entries = new ArrayList<>(heap);
    entries.sort(order);
    return entries.stream().map(Entry::row).toList();
  }

  @Override
  public long groups() {
    return 0;
  }

  @Override
  public boolean truncated() {
    return truncated;
  }
}
