package dev.sightline.query.lang.exec;

/**
 * A query stopped because it would exceed one of the executor's budgets. The message says which limit,
 * its value and what to do; an HTTP API answers it with 422 (or 429/503 for {@link Limit#TIME} under load).
 */
public final class QueryLimitException extends RuntimeException {

  /** The budget that was exceeded. */
  public enum Limit {
    /** The query ran past its deadline. */
    TIME,
    /** More rows were read than {@code maxRowsScanned}. */
    ROWS_SCANNED,
    /** More groups than {@code maxGroups}. */
    GROUPS,
    /** More distinct or percentile values held in memory than {@code maxHeldValues}. */
    HELD_VALUES,
    /** A LIMIT above {@code maxResultRows}. */
    RESULT_ROWS,
    /** A MATCHES regular expression needed too many steps on a value. */
    REGEX_STEPS
  }

  private final Limit limit;

  public QueryLimitException(Limit limit, String message) {
    super(message);
    this.limit = limit;
  }

  public Limit limit() {
    return limit;
  }
}
