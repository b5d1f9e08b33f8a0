package dev.sightline.query.lang.exec;

import dev.sightline.query.lang.Query;
import dev.sightline.query.lang.QueryPlan;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

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
    return start(query, true, false);
  }

  /**
   * An execution over rows the store has already filtered with {@code query.where()} and, when
   * {@code timeOrdered}, streams in the order of an {@code ORDER BY timestamp} (see
   * {@link RowSource#timeOrdered()}), so that such a query stops reading after {@code LIMIT} rows.
   */
  public QueryExecution startPushedDown(Query query, boolean timeOrdered) {
    return start(query, true, timeOrdered);
  }

  private QueryExecution start(Query query, boolean pushedDown) {
    return start(query, pushedDown, false);
  }

  private QueryExecution start(Query query, boolean pushedDown, boolean timeOrdered) {
    int limit = query.limit().orElse(defaultLimit);
    if (limit > maxResultRows) {
      throw new QueryLimitException(QueryLimitException.Limit.RESULT_ROWS,
          "LIMIT " + limit + " is above the maximum of " + maxResultRows + " result rows");
    }
    Stage stage = query.isAggregated()
        ? new GroupAggregator(query, limit, maxGroups, new MemoryBudget(maxHeldValues))
        : new RowCollector(query, limit, timeOrdered);
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
   * Runs every query of a plan against the source, which applies each query's filter (pushed down). A
   * plan of one query returns its result. A correlation plan is widened once to the trace ids and
   * correlation values its matches carry, then its datasets' rows are merged by {@code timestamp},
   * oldest first, each with a {@code dataset} column ({@code logs} or {@code spans}), and the first
   * {@code limit} rows of the merge are kept.
   */
  public QueryResult execute(QueryPlan plan, RowSource source) {
    return new PlanExecution(this).run(plan, source);
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
