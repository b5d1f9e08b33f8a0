package dev.sightline.query.lang.exec;

import dev.sightline.query.lang.Dataset;
import dev.sightline.query.lang.Query;
import dev.sightline.store.filter.FilterEvaluator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * Where rows come from: the event store, which receives the query (its dataset and its
 * {@link Query#where() filter} to push down, and may use its order and limit as hints) and streams every
 * stored row of that dataset that matches the filter. Rows must use canonical field names.
 */
@FunctionalInterface
public interface RowSource {
  Iterator<? extends Map<String, ?>> rows(Query query);

  /**
   * Whether this source streams the rows of a query whose ORDER BY key is written {@code timestamp} in
   * that order (newest first for {@code DESC}), equal timestamps in a stable order, as the event store does. The
   * executor then stops reading once it has the first {@code LIMIT} rows, instead of reading every
   * match to keep the best of them.
   */
  default boolean timeOrdered() {
    return false;
  }

  /**
   * Feeds every row of the query to {@code sink}, in any order, until it returns false: what an
   * aggregation reads, where order does not matter and a store can read its matches in one pass. The
   * default streams {@link #rows}.
   */
  default void scan(Query query, Predicate<Map<String, ?>> sink) {
    Iterator<? extends Map<String, ?>> it = rows(query);
    while (it.hasNext()) {
      if (!sink.test(it.next())) {
        return;
      }
    }
  }

  /**
   * The number of rows {@link #rows} would stream, when the source can count them without reading them;
   * empty (the default) when it cannot.
   */
  default OptionalLong count(Query query) {
    return OptionalLong.empty();
  }

  /** {@code rows} as a {@link #timeOrdered() time-ordered} source: the event store's rows. */
  static RowSource timeOrdered(RowSource rows) {
    return new RowSource() {
      @Override
      public Iterator<? extends Map<String, ?>> rows(Query query) {
        return rows.rows(query);
      }

      @Override
      public boolean timeOrdered() {
        return true;
      }
    };
  }

  /** A source over in-memory rows per dataset that applies the filter with the reference evaluator. */
  static RowSource inMemory(Map<Dataset, List<Map<String, Object>>> rowsByDataset) {
    return query -> {
      FilterEvaluator eval = FilterEvaluator.of(query.where());
      return rowsByDataset.getOrDefault(query.dataset(), List.of()).stream().filter(eval::test).iterator();
    };
  }
}
