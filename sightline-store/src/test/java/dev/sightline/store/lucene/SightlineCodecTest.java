package dev.sightline.store.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SightlineCodecTest {
  @TempDir
  Path dir;

  @Test
  void lucenesServiceLoaderFindsTheCodecByName() {
    assertThat(Codec.forName(SightlineCodec.NAME)).isInstanceOf(SightlineCodec.class);
  }

  /** Lucene's merges copy compressed chunks only between identical compression modes (by identity). */
  @Test
  void everyInstanceSharesOneStoredFieldsFormat() {
    assertThat(new SightlineCodec().storedFieldsFormat()).isSameAs(Codec.forName(SightlineCodec.NAME)
        .storedFieldsFormat());
  }

  @Test
  void lucenesServiceLoaderStillFindsThePreviousCodec() {
    assertThat(Codec.forName(SightlineDeflateCodec.NAME)).isInstanceOf(SightlineDeflateCodec.class);
  }

  /**
   * A day written before the codec (Lucene's own, BEST_COMPRESSION) opens under it: old segments stay
   * readable, new ones are written with it, a fresh reader finds both by name, and a merge rewrites all
   * documents into the new format with every byte intact.
   */
  @Test
  void daysWrittenWithLucenesCodecOpenAndMergeIntoIt() throws IOException {
    oldDayOpensAndMergesIntoTheCurrentCodec(new Lucene103Codec(Lucene103Codec.Mode.BEST_COMPRESSION), "Lucene103");
  }

  /** The same for days written while stored fields were Deflate (SightlineDeflateCodec). */
  @Test
  void daysWrittenWithTheDeflateCodecOpenAndMergeIntoIt() throws IOException {
    oldDayOpensAndMergesIntoTheCurrentCodec(new SightlineDeflateCodec(), SightlineDeflateCodec.NAME);
  }

  private void oldDayOpensAndMergesIntoTheCurrentCodec(Codec oldCodec, String oldName) throws IOException {
    Random random = new Random(7);
    List<byte[]> sources = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      byte[] b = new byte[random.nextInt(600)];
      for (int j = 0; j < b.length; j++) {
        b[j] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : 'a' + random.nextInt(6)); // compressible, not trivially
      }
      sources.add(b);
    }
    try (Directory d = FSDirectory.open(dir);
         IndexWriter old = new IndexWriter(d, new IndexWriterConfig().setCodec(oldCodec))) {
      old.addDocuments(docs(sources.subList(0, 1000)));
      old.commit();
    }

    DayIndex day = DayIndex.open(LocalDate.of(2026, 11, 24), dir);
    try {
      day.add(docs(sources.subList(1000, 3000)));
      day.prepareCommit(1);
      day.finishCommit(1);
    } finally {
      day.close();
    }

    try (Directory d = FSDirectory.open(dir)) {
      Set<String> codecs = new java.util.TreeSet<>();
      for (SegmentCommitInfo si : SegmentInfos.readLatestCommit(d)) {
        codecs.add(si.info.getCodec().getName());
      }
      assertThat(codecs).containsExactlyInAnyOrder(oldName, SightlineCodec.NAME);
      assertSources(d, sources);

      try (IndexWriter w = new IndexWriter(d, new IndexWriterConfig().setCodec(new SightlineCodec()))) {
        w.forceMerge(1);
        w.commit();
      }
      SegmentInfos merged = SegmentInfos.readLatestCommit(d);
      assertThat(merged.size()).isEqualTo(1);
      assertThat(merged.info(0).info.getCodec().getName()).isEqualTo(SightlineCodec.NAME);
      assertSources(d, sources);
    }
  }

  private static List<Document> docs(List<byte[]> sources) {
    List<Document> out = new ArrayList<>();
    for (byte[] b : sources) {
      Document doc = new Document();
      doc.add(new StoredField(EventMapping.SOURCE_FIELD, new BytesRef(b)));
      out.add(doc);
    }
    return out;
  }

  private static void assertSources(Directory d, List<byte[]> expected) throws IOException {
    try (DirectoryReader r = DirectoryReader.open(d)) {
      assertThat(r.maxDoc()).isEqualTo(expected.size());
      StoredFields stored = r.storedFields();
      Set<String> seen = new java.util.HashSet<>();
      for (int doc = 0; doc < r.maxDoc(); doc++) {
        BytesRef b = stored.document(doc).getBinaryValue(EventMapping.SOURCE_FIELD);
        seen.add(new String(BytesRef.deepCopyOf(b).bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
      }
      Set<String> want = new java.util.HashSet<>();
      for (byte[] b : expected) {
        want.add(new String(b, java.nio.charset.StandardCharsets.ISO_8859_1));
      }
      assertThat(seen).isEqualTo(want);
    }
  }
}
