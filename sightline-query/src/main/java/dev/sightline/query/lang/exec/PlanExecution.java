package dev.sightline.query.lang.exec;

import dev.sightline.model.Ids;
import dev.sightline.query.lang.Aggregation;
import dev.sightline.query.lang.Query;
import dev.sightline.query.lang.QueryPlan;
import dev.sightline.query.lang.SelectItem;
import dev.sightline.store.filter.Fields;
import dev.sightline.store.filter.Filter;
import dev.sightline.store.filter.Value;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Runs a {@link QueryPlan}: each query against the source, then, for a correlation plan, one widening
 * round and a chronological merge of the datasets.
 */
final class PlanExecution {
  /** Trace ids and correlation values picked up by the widening round, each at most this many. */
  static final int MAX_WIDENING_VALUES = 64;

  private final QueryExecutor executor;

  PlanExecution(QueryExecutor executor) {
    this.executor = executor;
  }

  QueryResult run(QueryPlan plan, RowSource source) {
    List<QueryResult> results = runAll(plan.queries(), source);
    if (plan.kind() != QueryPlan.Kind.CORRELATION) {
      return results.size() == 1 ? results.get(0) : merge(plan, results);
    }
    Filter widening = widening(plan, results);
    if (widening != null) {
      Filter extra = plan.timeRange() == null ? widening : Filter.and(widening, plan.timeRange());
      results = runAll(plan.queries().stream().map(q -> q.withWhere(Filter.or(q.where(), extra))).toList(), source);
    }
    return merge(plan, results);
  }

  private List<QueryResult> runAll(List<Query> queries, RowSource source) {
    List<QueryResult> results = new ArrayList<>();
    for (Query q : queries) {
      QueryResult counted = countsOnly(q) ? counted(q, source) : null;
      if (counted != null) {
        results.add(counted);
        continue;
      }
      QueryExecution e = executor.startPushedDown(q, source.timeOrdered());
      if (q.isAggregated()) {
        source.scan(q, e::accept); // an aggregate needs every match, in no order
      } else {
        Iterator<? extends Map<String, ?>> it = source.rows(q);
        while (it.hasNext()) {
          if (!e.accept(it.next())) {
            break;
          }
        }
      }
      results.add(e.finish());
    }
    return results;
  }

  /** {@code SELECT count(*) [, count(*) AS n ...] ... WHERE ...} without GROUP BY. */
  private static boolean countsOnly(Query q) {
    return q.groupBy().isEmpty() && !q.select().isEmpty() && q.select().stream().allMatch(item ->
        item instanceof SelectItem.AggregateItem a && a.function() == Aggregation.COUNT && a.field() == null);
  }

  /** The count from the source's index, without reading rows; null when the source cannot count. */
  private static QueryResult counted(Query q, RowSource source) {
    long started = System.nanoTime();
    OptionalLong n = source.count(q);
    if (n.isEmpty()) {
      return null;
    }
    Map<String, Object> row = new LinkedHashMap<>();
    for (SelectItem item : q.select()) {
      row.put(item.name(), n.getAsLong());
    }
    List<Map<String, Object>> rows = q.limit().isPresent() && q.limit().getAsInt() == 0 ? List.of() : List.of(row);
    return new QueryResult(q.columns(), rows,
        new QueryStats(0, n.getAsLong(), 1, System.nanoTime() - started, false));
  }

  /**
   * The trace ids and correlation values that the first round's rows carry beyond the id the user typed:
   * a request id leads to its trace, a trace id to the request ids logged with it. Null when none.
   */
  private static Filter widening(QueryPlan plan, List<QueryResult> results) {
    String typed = plan.correlationValue();
    Set<Value> traceIds = new LinkedHashSet<>();
    Set<Value> correlationValues = new LinkedHashSet<>();
    for (QueryResult r : results) {
      for (Map<String, Object> row : r.rows()) {
        if (row.get(Fields.TRACE_ID) instanceof String t && Ids.isValidTraceId(t)
            && !t.equals(typed.toLowerCase(Locale.ROOT)) && traceIds.size() < MAX_WIDENING_VALUES) {
          traceIds.add(Value.of(t));
        }
        for (String f : plan.correlationFields()) {
          if (row.get(f) instanceof String v && !v.equals(typed) && correlationValues.size() < MAX_WIDENING_VALUES) {
            correlationValues.add(Value.of(v));
          }
        }
      }
    }
    List<Filter> anyOf = new ArrayList<>();
    if (!traceIds.isEmpty()) {
      anyOf.add(new Filter.In(Fields.TRACE_ID, List.copyOf(traceIds)));
    }
    if (!correlationValues.isEmpty()) {
      for (String f : plan.correlationFields()) {
        anyOf.add(new Filter.In(f, List.copyOf(correlationValues)));
      }
    }
    if (anyOf.isEmpty()) {
      return null;
    }
    return anyOf.size() == 1 ? anyOf.get(0) : new Filter.Or(anyOf);
  }

  /** Rows of every dataset by timestamp, oldest first, tagged with their dataset, limited. */
  private static QueryResult merge(QueryPlan plan, List<QueryResult> results) {
    List<Map<String, Object>> rows = new ArrayList<>();
    long scanned = 0;
    long matched = 0;
    long elapsed = 0;
    boolean truncated = false;
    for (int i = 0; i < results.size(); i++) {
      QueryResult r = results.get(i);
      String dataset = plan.queries().get(i).dataset().queryName();
      for (Map<String, Object> row : r.rows()) {
        Map<String, Object> tagged = new LinkedHashMap<>();
        tagged.put("dataset", dataset);
        row.forEach((k, v) -> {
          if (!k.equals("dataset")) {
            tagged.put(k, v);
          }
        });
        rows.add(tagged);
      }
      scanned += r.stats().rowsScanned();
      matched += r.stats().rowsMatched();
      elapsed += r.stats().elapsedNanos();
      truncated |= r.stats().truncated();
    }
    // Stable sort: equal timestamps keep dataset order (logs before spans), then the store's order.
    rows.sort(Comparator.comparing((Map<String, Object> r) -> r.get(Fields.TIMESTAMP), ValueOrder.nullsLast(false)));
    int limit = plan.queries().get(0).limit().orElse(rows.size());
    if (rows.size() > limit) {
      rows = new ArrayList<>(rows.subList(0, limit));
      truncated = true;
    }
    Set<String> columns = new LinkedHashSet<>();
    rows.forEach(r -> columns.addAll(r.keySet()));
    return new QueryResult(List.copyOf(columns), rows, new QueryStats(scanned, matched, 0, elapsed, truncated));
  }
}
