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
import java.util.Set;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TopDocs;
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
