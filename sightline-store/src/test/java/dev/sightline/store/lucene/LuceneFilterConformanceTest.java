package dev.sightline.store.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.store.filter.CompareOp;
import dev.sightline.store.filter.Filter;
import dev.sightline.store.filter.FilterConformanceSuite;
import dev.sightline.store.filter.FilterEvaluator;
import dev.sightline.store.filter.Value;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

/**
 * Binds the filter conformance suite to the Lucene translation: rows are indexed in the {@link RowFields}
 * scheme, which both the {@code logs} and the {@code spans} mappings use for their rows, and each filter
 * runs as {@link FilterTranslator} translates it, post-filtered exactly as {@link LuceneEventSearch} does.
 * End-to-end runs through the store for each dataset are in {@link EventSearchRandomizedTest}.
 */
class LuceneFilterConformanceTest extends FilterConformanceSuite {

  /** An in-memory index of rows, searched as the store searches a day index. */
  static final class RowIndex implements Searcher {
    private final List<Map<String, Object>> rows;
    private final ByteBuffersDirectory dir = new ByteBuffersDirectory();
    private final DirectoryReader reader;
    private final FieldBudget budget;
    private boolean lastExact;

    RowIndex(List<Map<String, Object>> rows, FieldBudget budget) throws IOException {
      this.rows = rows;
      this.budget = budget;
      try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(new TokenAnalyzer()))) {
        for (int i = 0; i < rows.size(); i++) {
          Document doc = new Document();
          RowFields.addRow(doc, rows.get(i), budget);
          doc.add(new StoredField("row", i));
          w.addDocument(doc);
        }
      }
      reader = DirectoryReader.open(dir);
    }

    @Override
    public Set<Integer> search(Filter filter) throws IOException {
      IndexSearcher searcher = new IndexSearcher(reader);
      FilterTranslator.Translation t = new FilterTranslator(searcher).translate(filter);
      lastExact = t.exact();
      FilterEvaluator eval = FilterEvaluator.of(filter);
      StoredFields stored = searcher.storedFields();
      Set<Integer> out = new HashSet<>();
      for (ScoreDoc hit : searcher.search(t.query(), Math.max(1, rows.size())).scoreDocs) {
        int row = stored.document(hit.doc).getField("row").numericValue().intValue();
        if (t.exact() || eval.test(rows.get(row))) {
          out.add(row);
        }
      }
      return out;
    }

    /** Whether the last search ran without the reference evaluator. */
    boolean lastExact() {
      return lastExact;
    }

    FieldBudget budget() {
      return budget;
    }

    @Override
    public void close() throws IOException {
      reader.close();
      dir.close();
    }
  }

  @Override
  protected Searcher index(List<Map<String, Object>> rows) throws IOException {
    return new RowIndex(rows, new FieldBudget(FieldBudget.DEFAULT_MAX_DISTINCT, FieldBudget.DEFAULT_MAX_PER_RECORD));
  }

  /**
   * The same suite with every record's markers written as loose {@link RowFields#EXISTS} terms (the
   * budget admits no shape): the form of segments written before shapes, and of records whose shape the
   * budget refused, must answer exactly as shapes do.
   */
  @org.junit.jupiter.api.Nested
  class LooseMarkers extends FilterConformanceSuite {
    @Override
    protected Searcher index(List<Map<String, Object>> rows) throws IOException {
      return new RowIndex(rows, new FieldBudget(FieldBudget.DEFAULT_MAX_DISTINCT, FieldBudget.DEFAULT_MAX_PER_RECORD, 0));
    }
  }

  /** Some records with shapes and some with loose markers in one segment (the budget filled up meanwhile). */
  @org.junit.jupiter.api.Nested
  class MixedMarkers extends FilterConformanceSuite {
    @Override
    protected Searcher index(List<Map<String, Object>> rows) throws IOException {
      return new RowIndex(rows, new FieldBudget(FieldBudget.DEFAULT_MAX_DISTINCT, FieldBudget.DEFAULT_MAX_PER_RECORD, 3));
    }
  }

  @Test
  void shapeTermsListTheirMarkersWhateverTheFieldNames() {
    String[] markers = {"k\0a", "s\0", "s\0" + "\0\u0001x".repeat(100), "s\0東京", "u\0" + "n".repeat(300)};
    java.util.Arrays.sort(markers);
    assertThat(RowFields.shapeMarkers(RowFields.shapeTerm(markers))).containsExactly(markers);
    org.apache.lucene.util.BytesRef truncated = RowFields.shapeTerm(markers);
    truncated.length -= 1;
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RowFields.shapeMarkers(truncated))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("malformed shape");
  }

  @Test
  void aRecordWithMoreFieldsThanAShapeHoldsGetsLooseMarkers() throws IOException {
    Map<String, Object> wide = new java.util.HashMap<>();
    for (int i = 0; i < 400; i++) {
      wide.put("field.with.a.long.name." + i, "v" + i);
    }
    Document doc = new Document();
    RowFields.addRow(doc, wide, new FieldBudget(FieldBudget.DEFAULT_MAX_DISTINCT, FieldBudget.DEFAULT_MAX_PER_RECORD));
    assertThat(doc.getFields(RowFields.SHAPE)).isEmpty();
    assertThat(doc.getFields(RowFields.EXISTS)).hasSize(400);
    try (RowIndex index = new RowIndex(List.of(wide, Map.of("other", "x")), new FieldBudget(1000, 1000))) {
      assertThat(index.search(new Filter.Exists("field.with.a.long.name.7"))).containsExactly(0);
      assertThat(index.search(Filter.not(new Filter.Exists("field.with.a.long.name.7")))).containsExactly(1);
      assertThat(index.search(new Filter.Exists("other"))).containsExactly(1);
    }
  }

  /** The point of the translation: the common filters run in Lucene alone, with no evaluator pass. */
  @Test
  void commonFiltersArePushedDownExactly() throws IOException {
    try (RowIndex index = (RowIndex) index(fixtureRows())) {
      List<Filter> exact = List.of(
          Filter.eq("service", Value.of("cart")),
          new Filter.Compare("http.status_code", CompareOp.GE, Value.of(500)),
          new Filter.Compare("score", CompareOp.LT, Value.of(1.75)),
          new Filter.Compare("region", CompareOp.NE, Value.of("US-EAST")),
          new Filter.MessageContains("card declined"),
          new Filter.Like("path", "/api/%"),
          new Filter.Matches("service", "c.*"),
          new Filter.Matches("path", "(?i)/api/.*"),
          new Filter.Matches("user", "[a-z]+\\d+"),
          new Filter.Exists("region"),
          new Filter.TimeRange(1_000, 3_000),
          Filter.not(Filter.or(Filter.eq("ok", Value.of(true)), new Filter.In("tags", List.of(Value.of("a"))))));
      for (Filter f : exact) {
        index.search(f);
        assertThat(index.lastExact()).as(f.toString()).isTrue();
      }
      index.search(new Filter.Matches("service", "^c.*$")); // anchors: outside the translated subset
      assertThat(index.lastExact()).isFalse();
    }
  }

  @Test
  void likeBecomesAnEscapedWildcard() {
    assertThat(FilterTranslator.toWildcard("/api/100\\%")).isEqualTo("/api/100%");
    assertThat(FilterTranslator.toWildcard("a%b_c*d?e\\")).isEqualTo("a*b?c\\*d\\?e\\\\");
    assertThat(FilterTranslator.toWildcard("\\_x\\\\")).isEqualTo("_x\\\\");
  }

  @Test
  void regexSubsetIsTranslatedAndTheRestRefused() {
    assertThat(RegexTranslation.translate("c.*")).map(RegexTranslation.Lucene::pattern)
        .contains("c[^\n\r\u0085\u2028\u2029]*");
    assertThat(RegexTranslation.translate("a\\.b|[0-9]{2,3}")).map(RegexTranslation.Lucene::pattern)
        .contains("a\\.b|[0-9]{2,3}");
    for (String refused : List.of("^a", "a$", "a*?", "a++", "(?:a)", "\\bword", "\\p{L}+", "(a)\\1", "a|",
        "[a-]", "(?i)[a-z]", "x(?i)y", "a{1,2}?")) {
      assertThat(RegexTranslation.translate(refused)).as(refused).isEmpty();
    }
  }
}
