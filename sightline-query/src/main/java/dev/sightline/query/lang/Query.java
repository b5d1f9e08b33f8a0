package dev.sightline.query.lang;

import dev.sightline.store.filter.Filter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A parsed, checked query: immutable, and already carrying its {@code WHERE} as a storage-neutral
 * {@link Filter} ({@link Filter.MatchAll} when there is none).
 *
 * @param select  the items; empty means {@code SELECT *}
 * @param groupBy empty when the query does not group
 * @param limit   empty when the query has no {@code LIMIT} (the executor applies its default)
 */
public record Query(
    Dataset dataset,
    List<SelectItem> select,
    Filter where,
    List<GroupKey> groupBy,
    Optional<OrderBy> orderBy,
    OptionalInt limit) {

  public Query {
    Objects.requireNonNull(dataset, "dataset");
    select = List.copyOf(select);
    Objects.requireNonNull(where, "where");
    groupBy = List.copyOf(groupBy);
    Objects.requireNonNull(orderBy, "orderBy");
    Objects.requireNonNull(limit, "limit");
  }

  /** {@code SELECT *}. */
  public boolean selectsAll() {
    return select.isEmpty();
  }

  /** Whether the result has one row per group (or a single row) rather than one row per matching row. */
  public boolean isAggregated() {
    return !groupBy.isEmpty() || select.stream().anyMatch(SelectItem.AggregateItem.class::isInstance);
  }

  /**
   * The result columns in order, for a query that does not select {@code *}: group keys first (for an
   * aggregated query), then the select items that are not group keys.
   */
  public List<String> columns() {
    List<String> out = new ArrayList<>();
    for (GroupKey k : groupBy) {
      out.add(k.name());
    }
    for (SelectItem item : select) {
      if (!out.contains(item.name())) {
        out.add(item.name());
      }
    }
    return List.copyOf(out);
  }

  /**
   * The fields an aggregated query computes its result from once its {@code WHERE} is applied: group key
   * fields, aggregated fields and selected fields, as written. A source may hand such a query rows that
   * hold only these fields ({@link dev.sightline.query.lang.exec.RowSource#scan}).
   */
  public Set<String> fieldsRead() {
    Set<String> out = new LinkedHashSet<>();
    for (GroupKey k : groupBy) {
      out.add(switch (k) {
        case GroupKey.FieldKey f -> f.field();
        case GroupKey.BucketKey b -> b.field();
      });
    }
    for (SelectItem item : select) {
      switch (item) {
        case SelectItem.FieldItem f -> out.add(f.field());
        case SelectItem.AggregateItem a -> {
          if (a.field() != null) {
            out.add(a.field());
          }
        }
      }
    }
    return Set.copyOf(out);
  }

  /** This query with {@code extra} ANDed to its filter, e.g. the time range of an API request. */
  public Query and(Filter extra) {
    Filter combined = where instanceof Filter.MatchAll ? extra : Filter.and(where, extra);
    return new Query(dataset, select, combined, groupBy, orderBy, limit);
  }

  /** This query restricted to {@code startEpochNanos <= timestamp < endEpochNanos}. */
  public Query withTimeRange(long startEpochNanos, long endEpochNanos) {
    return and(new Filter.TimeRange(startEpochNanos, endEpochNanos));
  }

  /** This query with its filter replaced. */
  public Query withWhere(Filter newWhere) {
    return new Query(dataset, select, newWhere, groupBy, orderBy, limit);
  }

  /** This query with its limit replaced. */
  public Query withLimit(int newLimit) {
    return new Query(dataset, select, where, groupBy, orderBy, OptionalInt.of(newLimit));
  }
}
