package dev.sightline.query.lang.exec;

import dev.sightline.query.lang.Query;
import dev.sightline.store.filter.FilterEvaluationException;
import dev.sightline.store.filter.FilterEvaluator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One running query: feed it rows with {@link #accept(Map)} as the store streams them, then call
 * {@link #finish()}. Not thread-safe; one execution per query. Every budget of the executor is checked as
 * rows arrive, so a query that would run too long or hold too much fails with a
 * {@link QueryLimitException} while the process stays healthy.
 */
public final class QueryExecution {
  private final Query query;
  private final FilterEvaluator filter; // null when the store already applied the filter
  private final Stage stage;
  private final Clock clock;
  private final Instant started;
  private final long deadlineMillis;
  private final Duration timeout;
  private final long maxRowsScanned;
  private long scanned;
  private long matched;
  private boolean done;

  QueryExecution(Query query, boolean filterPushedDown, Stage stage, Clock clock, Duration timeout,
      long maxRowsScanned) {
    this.query = query;
    this.filter = filterPushedDown ? null : FilterEvaluator.of(query.where());
    this.stage = stage;
    this.clock = clock;
    this.started = clock.instant();
    this.timeout = timeout;
    this.deadlineMillis = started.toEpochMilli() + timeout.toMillis();
    this.maxRowsScanned = maxRowsScanned;
  }

  /**
   * Takes one row. Returns false once no further row can change the result (a LIMIT without ORDER BY
   * was reached), so the caller can stop reading. Throws {@link QueryLimitException} when a budget is
   * exceeded.
   */
  public boolean accept(Map<String, ?> row) {
    if (done) {
      return false;
    }
    checkDeadline();
    if (++scanned > maxRowsScanned) {
      throw new QueryLimitException(QueryLimitException.Limit.ROWS_SCANNED,
          "the query reads more than " + maxRowsScanned + " rows; narrow the WHERE clause or the time range");
    }
    try {
      if (filter != null && !filter.test(row)) {
        return true;
      }
    } catch (FilterEvaluationException e) {
      throw new QueryLimitException(QueryLimitException.Limit.REGEX_STEPS, e.getMessage());
    }
    matched++;
    if (!stage.accept(row)) {
      matched--; // the row was not taken
      done = true;
      return false;
    }
    return true;
  }

  /** Orders, limits and returns the result. */
  public QueryResult finish() {
    checkDeadline();
    List<Map<String, Object>> rows = stage.finish();
    List<String> columns;
    if (query.selectsAll()) {
      Set<String> keys = new LinkedHashSet<>();
      rows.forEach(r -> keys.addAll(r.keySet()));
      columns = List.copyOf(keys);
    } else {
      columns = query.columns();
    }
    long elapsed = Duration.between(started, clock.instant()).toNanos();
    return new QueryResult(columns, rows,
        new QueryStats(scanned, matched, stage.groups(), elapsed, stage.truncated()));
  }

  private void checkDeadline() {
    if (clock.millis() > deadlineMillis) {
      throw new QueryLimitException(QueryLimitException.Limit.TIME,
          "the query ran longer than its time budget of " + timeout.toMillis()
              + " ms; narrow the WHERE clause or the time range");
    }
  }
}
