package dev.sightline.store.lucene;

import dev.sightline.store.EventSearch;
import dev.sightline.store.filter.Filter;
import dev.sightline.store.filter.FilterEvaluator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * {@link EventSearch} over one {@link Dataset}: day by day (only the days the range covers), in pages
 * sorted by (timestamp, sequence). Each page acquires the day's current searcher, translates the filter
 * for it ({@link FilterTranslator}), reads up to a page of hits after the last (timestamp, sequence)
 * returned, and releases the searcher, so an abandoned iterator holds no index resources, and merges or
 * refreshes between pages cannot repeat or skip a row (the cursor is made of values, not doc ids).
 */
final class LuceneEventSearch<T> {
  private static final int MIN_PAGE = 64;
  private static final int MAX_PAGE = 4096;
  private static final Set<String> SOURCE_ONLY = Set.of(EventMapping.SOURCE_FIELD);

  private final Dataset<T> dataset;

  LuceneEventSearch(Dataset<T> dataset) {
    this.dataset = dataset;
  }

  Iterator<Map<String, Object>> search(Filter filter, long start, long end, boolean newestFirst, int limitHint) {
    if (end < start) {
      throw new IllegalArgumentException("the time range ends (" + end + ") before it starts (" + start + ")");
    }
    Filter bounded = Filter.and(filter, new Filter.TimeRange(start, end));
    List<LocalDate> days = new ArrayList<>(dataset.daysBetween(start, end));
    if (newestFirst) {
      java.util.Collections.reverse(days);
    }
    int firstPage = limitHint <= 0 ? MAX_PAGE / 4 : Math.min(MAX_PAGE, Math.max(MIN_PAGE, limitHint));
    return new Rows(bounded, days, newestFirst, firstPage);
  }

  /**
   * Every match, day by day, each day in one pass over its segments in index order (no sorting, no
   * paging: linear in the matches, where sorted pages would re-rank the remaining matches for every
   * page). The day's searcher is held only while its matches are fed to {@code sink}.
   */
  void scan(Filter filter, long start, long end, Set<String> fields, Predicate<Map<String, Object>> sink)
      throws IOException {
    if (end < start) {
      throw new IllegalArgumentException("the time range ends (" + end + ") before it starts (" + start + ")");
    }
    Filter bounded = Filter.and(filter, new Filter.TimeRange(start, end));
    FilterEvaluator evaluator = FilterEvaluator.of(bounded);
    for (LocalDate day : dataset.daysBetween(start, end)) {
      boolean more = dataset.searchDay(day, true, searcher -> scanDay(searcher, bounded, evaluator, fields, sink));
      if (!more) {
        return;
      }
    }
  }

  private boolean scanDay(IndexSearcher searcher, Filter filter, FilterEvaluator evaluator, Set<String> fields,
                          Predicate<Map<String, Object>> sink) throws IOException {
    FilterTranslator.Translation t = new FilterTranslator(searcher).translate(filter);
    Weight weight = searcher.createWeight(searcher.rewrite(t.query()), ScoreMode.COMPLETE_NO_SCORES, 1f);
    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
      Scorer scorer = weight.scorer(leaf);
      if (scorer == null) {
        continue;
      }
      Bits live = leaf.reader().getLiveDocs();
      StoredFields stored = leaf.reader().storedFields();
      // With the filter answered by the index, the few fields asked may come from doc values.
      ColumnReader columns = fields != null && t.exact()
          ? ColumnReader.open(leaf.reader(), fields, dataset.mapping().timestampSortField()) : null;
      DocIdSetIterator docs = scorer.iterator();
      for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
        if (live != null && !live.get(doc)) {
          continue;
        }
        Map<String, Object> row = columns == null ? null : columns.row(doc);
        if (row == null) {
          BytesRef source = stored.document(doc, SOURCE_ONLY).getBinaryValue(EventMapping.SOURCE_FIELD);
          row = dataset.mapping().toRow(dataset.mapping().fromSource(source));
        }
        if ((t.exact() || evaluator.test(row)) && !sink.test(row)) {
          return false;
        }
      }
    }
    return true;
  }

  /** The number of matches, when the index answers the filter exactly on every day; empty otherwise. */
  OptionalLong count(Filter filter, long start, long end) throws IOException {
    if (end < start) {
      throw new IllegalArgumentException("the time range ends (" + end + ") before it starts (" + start + ")");
    }
    Filter bounded = Filter.and(filter, new Filter.TimeRange(start, end));
    long total = 0;
    for (LocalDate day : dataset.daysBetween(start, end)) {
      long n = dataset.searchDay(day, 0L, searcher -> {
        FilterTranslator.Translation t = new FilterTranslator(searcher).translate(bounded);
        return t.exact() ? searcher.count(t.query()) : -1L;
      });
      if (n < 0) {
        return OptionalLong.empty();
      }
      total += n;
    }
    return OptionalLong.of(total);
  }

  /** Reads one day's pages, then the next day's. */
  final class Rows implements Iterator<Map<String, Object>> {
    private final Filter filter;
    private final FilterEvaluator evaluator;
    private final List<LocalDate> days;
    private final Sort sort;
    private final ArrayDeque<Map<String, Object>> buffer = new ArrayDeque<>();
    private int dayIndex;
    private Object[] after; // sort values of the last hit read in the current day
    private boolean dayDone;
    private int pageSize;
    private long rowsRead;

    Rows(Filter filter, List<LocalDate> days, boolean newestFirst, int pageSize) {
      this.filter = filter;
      this.evaluator = FilterEvaluator.of(filter);
      this.days = days;
      this.pageSize = pageSize;
      this.sort = new Sort(new SortField(dataset.mapping().timestampSortField(), SortField.Type.LONG, newestFirst),
          new SortField(Dataset.SEQUENCE, SortField.Type.LONG, newestFirst));
    }

    @Override
    public boolean hasNext() {
      while (buffer.isEmpty()) {
        if (dayIndex >= days.size()) {
          return false;
        }
        try {
          readPage();
        } catch (IOException e) {
          throw new UncheckedIOException("searching " + dataset.mapping().datasetName() + " of "
              + days.get(dayIndex) + " failed: " + e.getMessage(), e);
        }
        if (dayDone) {
          dayIndex++;
          after = null;
          dayDone = false;
        }
      }
      return true;
    }

    @Override
    public Map<String, Object> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return buffer.poll();
    }

    /** Stored records read so far (a test of laziness). */
    long rowsRead() {
      return rowsRead;
    }

    private void readPage() throws IOException {
      boolean found = dataset.searchDay(days.get(dayIndex), false, searcher -> {
        fill(searcher);
        return true;
      });
      if (!found) {
        dayDone = true; // retention removed the day
      }
    }

    /**
     * The cursor as a FieldDoc: sort values (unique per document) plus the largest doc id, so that the
     * document with exactly these values, if still there, is skipped as already returned.
     */
    private FieldDoc afterAll(IndexSearcher searcher) {
      return new FieldDoc(Math.max(0, searcher.getIndexReader().maxDoc() - 1), Float.NaN, after);
    }

    private void fill(IndexSearcher searcher) throws IOException {
      FilterTranslator.Translation t = new FilterTranslator(searcher).translate(filter);
      TopDocs top = after == null ? searcher.search(t.query(), pageSize, sort)
          : searcher.searchAfter(afterAll(searcher), t.query(), pageSize, sort);
      ScoreDoc[] hits = top.scoreDocs;
      StoredFields stored = searcher.storedFields();
      rowsRead += hits.length;
      for (ScoreDoc hit : hits) {
        BytesRef source = stored.document(hit.doc, SOURCE_ONLY).getBinaryValue(EventMapping.SOURCE_FIELD);
        Map<String, Object> row = dataset.mapping().toRow(dataset.mapping().fromSource(source));
        if (t.exact() || evaluator.test(row)) {
          buffer.add(row);
        }
      }
      if (hits.length > 0) {
        after = ((FieldDoc) hits[hits.length - 1]).fields;
      }
      if (hits.length < pageSize) {
        dayDone = true;
      }
      pageSize = Math.min(MAX_PAGE, pageSize * 2); // a caller that reads on wants more than the hint
    }
  }
}
