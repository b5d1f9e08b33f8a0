package dev.sightline.query.lang;

import dev.sightline.store.filter.Filter;
import java.util.List;
import java.util.Objects;

/**
 * What the server runs for one piece of user input, normalised by {@link QueryPlanner}: one or more
 * ordinary {@link Query}s.
 * <ul>
 *   <li>{@link Kind#QUERY}: a full {@code SELECT}; one query, run as written.
 *   <li>{@link Kind#SEARCH}: a bare condition; one {@code SELECT * ... ORDER BY timestamp DESC LIMIT n}.
 *   <li>{@link Kind#CORRELATION}: a bare trace id or correlation id; one query per dataset ({@code logs},
 *       then {@code spans}), each {@code ORDER BY timestamp ASC}, matching the id on {@code trace_id} and
 *       on the {@code correlationFields}. {@code QueryExecutor.execute(QueryPlan, RowSource)} runs them,
 *       then widens the search once to the trace ids and correlation values the matches carry (so a
 *       request id typed by the user also brings the spans of its trace from every service), and merges
 *       the rows by timestamp, oldest first, tagging each with its dataset.
 * </ul>
 *
 * @param correlationValue  the id the user typed, for {@link Kind#CORRELATION}; null otherwise
 * @param correlationFields the fields searched for correlation ids (empty unless {@link Kind#CORRELATION})
 * @param timeRange         the time range every query is restricted to, or null
 */
public record QueryPlan(Kind kind, List<Query> queries, String correlationValue, List<String> correlationFields,
    Filter.TimeRange timeRange) {

  /** The shape of the input. */
  public enum Kind {
    QUERY,
    SEARCH,
    CORRELATION
  }

  public QueryPlan {
    Objects.requireNonNull(kind, "kind");
    queries = List.copyOf(queries);
    correlationFields = List.copyOf(correlationFields);
    if (queries.isEmpty()) {
      throw new IllegalArgumentException("a plan has at least one query");
    }
  }

  /** A plan of one query. */
  public static QueryPlan of(Kind kind, Query query) {
    return new QueryPlan(kind, List.of(query), null, List.of(), null);
  }

  /** Every query of the plan restricted to {@code startEpochNanos <= timestamp < endEpochNanos}. */
  public QueryPlan withTimeRange(long startEpochNanos, long endEpochNanos) {
    Filter.TimeRange range = new Filter.TimeRange(startEpochNanos, endEpochNanos);
    return new QueryPlan(kind, queries.stream().map(q -> q.and(range)).toList(), correlationValue,
        correlationFields, range);
  }
}
