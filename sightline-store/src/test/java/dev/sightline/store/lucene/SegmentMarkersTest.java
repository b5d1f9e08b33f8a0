package dev.sightline.store.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.store.filter.Filter;
import dev.sightline.store.filter.Value;
import java.io.IOException;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

class SegmentMarkersTest {
  private static final String LONG = "y".repeat(RowFields.MAX_KEYWORD_BYTES + 1);

  @Test
  void aSegmentThatArrivesLaterIsReadWhileEarlierSegmentsKeepTheirAnswer() throws IOException {
    try (ByteBuffersDirectory dir = new ByteBuffersDirectory();
         IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(new TokenAnalyzer()))) {
      add(w, Map.of("blob", "short"));
      try (DirectoryReader first = DirectoryReader.open(w)) {
        assertThat(SegmentMarkers.present(first, RowFields.UNINDEXABLE_STRING, "blob")).isFalse();
        // Exact while no segment holds a value too long for a keyword term.
        assertThat(translate(first).exact()).isTrue();

        add(w, Map.of("blob", LONG));
        try (DirectoryReader second = DirectoryReader.openIfChanged(first, w)) {
          assertThat(second).isNotNull();
          assertThat(second.leaves()).hasSize(2);
          assertThat(SegmentMarkers.present(second, RowFields.UNINDEXABLE_STRING, "blob")).isTrue();
          assertThat(SegmentMarkers.present(second, RowFields.UNINDEXABLE_STRING, "other")).isFalse();
          // The long value is only a candidate, to be checked on the record.
          assertThat(translate(second).exact()).isFalse();
          // The first reader's segments still answer for themselves.
          assertThat(SegmentMarkers.present(first, RowFields.UNINDEXABLE_STRING, "blob")).isFalse();
        }
      }
    }
  }

  @Test
  void fieldsPastTheBudgetAreFound() throws IOException {
    try (ByteBuffersDirectory dir = new ByteBuffersDirectory();
         IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(new TokenAnalyzer()))) {
      Document doc = new Document();
      RowFields.addRow(doc, Map.of("a", "1", "b", "2"), new FieldBudget(100, 1));
      w.addDocument(doc);
      try (DirectoryReader r = DirectoryReader.open(w)) {
        boolean a = SegmentMarkers.present(r, RowFields.NOT_INDEXED, "a");
        boolean b = SegmentMarkers.present(r, RowFields.NOT_INDEXED, "b");
        assertThat(a ^ b).as("exactly one of the two fields is past a budget of one").isTrue();
        SegmentMarkers read = SegmentMarkers.read(r.leaves().get(0).reader());
        assertThat(read.has(RowFields.marker(RowFields.NOT_INDEXED, a ? "a" : "b"))).isTrue();
        assertThat(read.has(RowFields.marker(RowFields.NOT_INDEXED, a ? "b" : "a"))).isFalse();
      }
    }
  }

  private static void add(IndexWriter w, Map<String, Object> row) throws IOException {
    Document doc = new Document();
    RowFields.addRow(doc, row, new FieldBudget(FieldBudget.DEFAULT_MAX_DISTINCT, FieldBudget.DEFAULT_MAX_PER_RECORD));
    w.addDocument(doc);
    w.flush(); // one segment per call
  }

  private static FilterTranslator.Translation translate(DirectoryReader r) throws IOException {
    return new FilterTranslator(new IndexSearcher(r)).translate(Filter.eq("blob", Value.of("short")));
  }
}
