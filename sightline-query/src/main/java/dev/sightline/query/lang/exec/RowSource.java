package dev.sightline.query.lang.exec;

import dev.sightline.query.lang.Dataset;
import dev.sightline.query.lang.Query;
import dev.sightline.store.filter.FilterEvaluator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Where rows come from: the event store, which receives the query (its dataset and its
 * {@link Query#where() filter} to push down, and may use its order and limit as hints) and streams every
 * stored row of that dataset that matches the filter. Rows must use canonical field names.
 */
@FunctionalInterface
public interface RowSource {
  Iterator<? extends Map<String, ?>> rows(Query query);

  /** A source over in-memory rows per dataset that applies the filter with the reference evaluator. */
  static RowSource inMemory(Map<Dataset, List<Map<String, Object>>> rowsByDataset) {
    return query -> {
      FilterEvaluator eval = FilterEvaluator.of(query.where());
      return rowsByDataset.getOrDefault(query.dataset(), List.of()).stream().filter(eval::test).iterator();
    };
  }
}
