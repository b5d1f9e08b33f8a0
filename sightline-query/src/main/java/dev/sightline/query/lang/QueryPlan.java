package dev.sightline.query.lang;

import java.util.List;
import java.util.Objects;

/**
 * What the server runs for one piece of user input, normalised by {@link QueryPlanner}: one or more
 * ordinary {@link Query}s.
 * <ul>
 *   <li>{@link Kind#QUERY}: a full {@code SELECT}; one query, run as written.
 *   <li>{@link Kind#SEARCH}: a bare condition; one {@code SELECT * ... ORDER BY timestamp DESC LIMIT n}.
 *   <li>{@link Kind#CORRELATION}: a bare trace id or correlation id; one query per dataset ({@code logs},
 *       then {@code spans}), each {@code ORDER BY timestamp ASC}; the server runs both and merges the rows
 *       by timestamp, oldest first, tagging each with its dataset
 *       ({@code QueryExecutor.execute(QueryPlan, RowSource)} does exactly that).
 * </ul>
 *
 * @param correlationValue the id the user typed, for {@link Kind#CORRELATION}; null otherwise
 */
public record QueryPlan(Kind kind, List<Query> queries, String correlationValue) {

  /** The shape of the input. */
  public enum Kind {
    QUERY,
    SEARCH,
    CORRELATION
  }

  public QueryPlan {
    Objects.requireNonNull(kind, "kind");
    queries = List.copyOf(queries);
    if (queries.isEmpty()) {
      throw new IllegalArgumentException("a plan has at least one query");
    }
  }

  /** Every query of the plan restricted to {@code startEpochNanos <= timestamp < endEpochNanos}. */
  public QueryPlan withTimeRange(long startEpochNanos, long endEpochNanos) {
    return new QueryPlan(kind, queries.stream().map(q -> q.withTimeRange(startEpochNanos, endEpochNanos)).toList(),
        correlationValue);
  }
}
