package dev.sightline.store;

import dev.sightline.store.filter.Filter;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Query-language-neutral search over the event datasets: a {@link Filter} and a time range in, a lazy
 * stream of rows out. The query executor consumes it (through the server's adapter) as its row source.
 *
 * <p>Rows are exactly {@link dev.sightline.store.filter.Rows#of} views of the stored records, and a row
 * is returned exactly when {@link dev.sightline.store.filter.FilterEvaluator} accepts it and its
 * {@code timestamp} lies in {@code [startEpochNanos, endEpochNanos)}. Example:
 * <pre>{@code
 * Iterator<Map<String, Object>> rows = search.search(EventSearch.LOGS,
 *     Filter.and(Filter.eq("service", Value.of("payment")), new Filter.MessageContains("declined")),
 *     start, end, true, 100);
 * }</pre>
 */
public interface EventSearch {
  /** The dataset of log records. */
  String LOGS = "logs";
  /** The dataset of spans. */
  String SPANS = "spans";

  /**
   * Streams the matching rows of {@code dataset} ({@link #LOGS} or {@link #SPANS}) in timestamp order
   * (newest first when asked), reading only what the caller consumes: rows are fetched in pages, so
   * stopping early costs only the pages read. {@code limitHint} sizes the first page ({@code <= 0}: no
   * hint; the stream always runs to the last match, the caller enforces its own limits). Rows with equal
   * timestamps come in a stable order.
   *
   * <p>Searches see what was refreshed when each page is read; a page never repeats or skips a row
   * already streamed, even when new data arrives or segments merge meanwhile.
   *
   * @throws IllegalArgumentException when the dataset is unknown or {@code end < start}
   * @throws dev.sightline.store.filter.FilterEvaluationException from {@link Iterator#next()} or
   *     {@link Iterator#hasNext()} when a post-filtered regular expression or pattern exceeds its budget
   * @throws java.io.UncheckedIOException from the iterator when reading the index fails mid-stream
   */
  Iterator<Map<String, Object>> search(String dataset, Filter filter, long startEpochNanos, long endEpochNanos,
                                       boolean newestFirst, int limitHint) throws IOException;

  /**
   * Feeds every matching row of {@code dataset} in {@code [startEpochNanos, endEpochNanos)} to
   * {@code sink}, in no particular order, until the rows run out or {@code sink} returns false. For
   * consumers that need all matches and no order (aggregations): a store can then read its matches in one
   * pass in index order instead of in sorted pages. Rows and filter semantics are those of
   * {@link #search}; index resources are held only for the duration of the call. The default streams
   * {@link #search}.
   *
   * @param fields null for whole rows; otherwise the consumer reads only these fields (as named, aliases
   *     included), and a row may hold only them, which lets a store read columns instead of records
   * @throws dev.sightline.store.filter.FilterEvaluationException when a post-filtered pattern exceeds its
   *     budget
   */
  default void scan(String dataset, Filter filter, long startEpochNanos, long endEpochNanos, Set<String> fields,
                    Predicate<Map<String, Object>> sink) throws IOException {
    Iterator<Map<String, Object>> rows = search(dataset, filter, startEpochNanos, endEpochNanos, true, 0);
    while (rows.hasNext()) {
      if (!sink.test(rows.next())) {
        return;
      }
    }
  }

  /**
   * The number of rows {@link #search} would return, when the store can count them without reading the
   * rows (its index answers the whole filter exactly); empty otherwise, and by default.
   */
  default OptionalLong count(String dataset, Filter filter, long startEpochNanos, long endEpochNanos)
      throws IOException {
    return OptionalLong.empty();
  }
}
