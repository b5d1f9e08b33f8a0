package dev.sightline.store.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

/** Keyword terms are encoded by the JDK; queries build theirs with Lucene's encoder. The two must agree. */
class RowFieldsKeywordTest {
  private static final List<String> VALUES = List.of("INFO", "café", "Kelvin \u212A", "İstanbul", "日本語のログ",
      "emoji \uD83D\uDE00 and \uD834\uDD1E", "\u0000nul", "\uFFFF", "");

  @Test
  void everyWellFormedKeywordIsFoundByTheTermLuceneEncodes() throws IOException {
    try (ByteBuffersDirectory dir = new ByteBuffersDirectory();
         IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(new TokenAnalyzer()))) {
      for (String v : VALUES) {
        Document doc = new Document();
        RowFields.addRow(doc, Map.of("service", v), new FieldBudget(100, 100));
        w.addDocument(doc);
      }
      try (DirectoryReader r = DirectoryReader.open(w)) {
        IndexSearcher s = new IndexSearcher(r);
        for (String v : VALUES) {
          assertThat(s.count(new TermQuery(new Term(RowFields.STRING + "service", new BytesRef(v)))))
              .as("documents whose keyword is %s", v).isEqualTo(1);
        }
        // The grouping doc values hold the same bytes as the term.
        var dv = r.leaves().get(0).reader().getSortedSetDocValues(RowFields.STRING + "service");
        assertThat(dv.getValueCount()).isEqualTo(VALUES.size());
        for (String v : VALUES) {
          assertThat(dv.lookupTerm(new BytesRef(v))).as("doc value %s", v).isGreaterThanOrEqualTo(0);
        }
      }
    }
  }

  @Test
  void aLoneSurrogateGetsNoKeywordButItsMarker() throws IOException {
    try (ByteBuffersDirectory dir = new ByteBuffersDirectory();
         IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(new TokenAnalyzer()))) {
      Document doc = new Document();
      RowFields.addRow(doc, Map.of("service", "broken \uD800 pair"), new FieldBudget(100, 100));
      w.addDocument(doc);
      try (DirectoryReader r = DirectoryReader.open(w)) {
        assertThat(r.leaves().get(0).reader().terms(RowFields.STRING + "service")).isNull();
        assertThat(SegmentMarkers.present(r, RowFields.UNINDEXABLE_STRING, "service")).isTrue();
      }
    }
  }
}
