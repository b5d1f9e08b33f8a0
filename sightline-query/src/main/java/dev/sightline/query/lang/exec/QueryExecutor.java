package dev.sightline.query.lang.exec;

import dev.sightline.query.lang.Query;
import dev.sightline.query.lang.QueryPlan;
import dev.sightline.store.filter.Fields;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Runs queries over streamed rows: the store pushes the filter down and streams matching rows, the
 * executor projects, aggregates, orders and limits them. Over in-memory rows with the filter applied here
 * ({@link #start(Query)}), it is also the reference oracle that store tests compare against.
 *
 * <p>Bounded by construction: a deadline on an injected {@link Clock}, a maximum of rows read, of groups,
 * of values held for {@code count_distinct} and {@code percentile}, and of result rows. Exceeding one
 * throws {@link QueryLimitException}. Thread-safe; each execution is single-threaded.
 */
public final class QueryExecutor {
  private final Clock clock;
  private final Duration timeout;
  private final long maxRowsScanned;
  private final long maxGroups;
  private final long maxHeldValues;
  private final int maxResultRows;
  private final int defaultLimit;

  private QueryExecutor(Builder b) {
    this.clock = b.clock;
    this.timeout = b.timeout;
    this.maxRowsScanned = b.maxRowsScanned;
    this.maxGroups = b.maxGroups;
    this.maxHeldValues = b.maxHeldValues;
    this.maxResultRows = b.maxResultRows;
    this.defaultLimit = Math.min(b.defaultLimit, b.maxResultRows);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** An execution that applies the query's filter to every row it is given. */
  public QueryExecution start(Query query) {
    return start(query, false);
  }

  /** An execution over rows the store has already filtered with {@code query.where()}. */
  public QueryExecution startPushedDown(Query query) {
    return start(query, true);
  }

  private QueryExecution start(Query query, boolean pushedDown) {
    int limit = query.limit().orElse(defaultLimit);
    if (limit > maxResultRows) {
      throw new QueryLimitException(QueryLimitException.Limit.RESULT_ROWS,
          "LIMIT " + limit + " is above the maximum of " + maxResultRows + " result rows");
    }
    Stage stage = query.isAggregated()
        ? new GroupAggregator(query, limit, maxGroups, new MemoryBudget(maxHeldValues))
        : new RowCollector(query, limit);
    return new QueryExecution(query, pushedDown, stage, clock, timeout, maxRowsScanned);
  }

  /** Runs the query over rows, applying its filter here. */
  public QueryResult execute(Query query, Iterable<? extends Map<String, ?>> rows) {
    QueryExecution e = start(query);
    for (Map<String, ?> row : rows) {
      if (!e.accept(row)) {
        break;
      }
    }
    return e.finish();
  }

  /**
   * Runs every query of a plan against the source (which applies each query's filter). A plan of one
   * query returns its result; a correlation plan merges the datasets' rows by {@code timestamp}, oldest
   * first, adds a {@code dataset} column ({@code logs} or {@code spans}) and keeps the first
   * {@code limit} rows of the merge.
   */
  public QueryResult execute(QueryPlan plan, RowSource source) {
    List<QueryResult> results = new ArrayList<>();
    for (Query q : plan.queries()) {
      QueryExecution e = startPushedDown(q);
      Iterator<? extends Map<String, ?>> it = source.rows(q);
      while (it.hasNext()) {
        if (!e.accept(it.next())) {
          break;
        }
      }
      results.add(e.finish());
    }
    if (results.size() == 1) {
      return results.get(0);
    }
    return merge(plan, results);
  }

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

  /** Budgets of the executor; the defaults suit one laptop process. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private Duration timeout = Duration.ofSeconds(30);
    private long maxRowsScanned = 50_000_000;
    private long maxGroups = 100_000;
    private long maxHeldValues = 5_000_000;
    private int maxResultRows = 10_000;
    private int defaultLimit = 1_000;

    private Builder() {}

    public Builder clock(Clock v) { clock = Objects.requireNonNull(v); return this; }
    public Builder timeout(Duration v) { timeout = Objects.requireNonNull(v); return this; }
    public Builder maxRowsScanned(long v) { maxRowsScanned = positive(v, "maxRowsScanned"); return this; }
    public Builder maxGroups(long v) { maxGroups = positive(v, "maxGroups"); return this; }
    /** Values held for count_distinct and percentile, across all groups. */
    public Builder maxHeldValues(long v) { maxHeldValues = positive(v, "maxHeldValues"); return this; }
    public Builder maxResultRows(int v) { maxResultRows = (int) positive(v, "maxResultRows"); return this; }
    /** Rows returned by a query without LIMIT (capped at maxResultRows). */
    public Builder defaultLimit(int v) { defaultLimit = (int) positive(v, "defaultLimit"); return this; }

    public QueryExecutor build() {
      return new QueryExecutor(this);
    }

    private static long positive(long v, String name) {
      if (v <= 0) {
        throw new IllegalArgumentException(name + " must be positive, got " + v);
      }
      return v;
    }
  }
}
