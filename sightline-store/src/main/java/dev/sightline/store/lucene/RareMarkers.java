package dev.sightline.store.lucene;

import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.StringHelper;

/**
 * Which of the rare {@link RowFields#EXISTS} markers — a string too long for a keyword term
 * ({@link RowFields#UNINDEXABLE_STRING}) or a field past the budget ({@link RowFields#NOT_INDEXED}) —
 * a segment holds, read once per segment and kept until the segment closes.
 *
 * <p>{@link FilterTranslator} asks for every leaf of every filter on every search whether such a marker
 * exists; as term lookups that was a seek in each segment's terms dictionary per field and per query
 * (about a tenth of a trace-id lookup's time on a 13-segment day). A segment is immutable, so its
 * answer never changes; deleted documents count, as they do for {@code docFreq}.
 */
final class RareMarkers {
  private static final Map<IndexReader.CacheKey, Set<String>> BY_SEGMENT = new ConcurrentHashMap<>();

  private RareMarkers() {}

  /** Whether any segment of {@code reader} holds the marker {@code kind<NUL>field}. */
  static boolean present(IndexReader reader, char kind, String field) throws IOException {
    String marker = RowFields.marker(kind, field);
    for (LeafReaderContext leaf : reader.leaves()) {
      if (of(leaf.reader()).contains(marker)) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> of(LeafReader leaf) throws IOException {
    IndexReader.CacheHelper helper = leaf.getCoreCacheHelper();
    if (helper == null) {
      return read(leaf); // no identity to cache under (a wrapped reader): read it each time
    }
    IndexReader.CacheKey key = helper.getKey();
    Set<String> markers = BY_SEGMENT.get(key);
    if (markers == null) {
      markers = read(leaf);
      if (BY_SEGMENT.putIfAbsent(key, markers) == null) {
        helper.addClosedListener(BY_SEGMENT::remove);
      }
    }
    return markers;
  }

  /** The segment's markers of the two rare kinds. */
  static Set<String> read(LeafReader leaf) throws IOException {
    Terms terms = leaf.terms(RowFields.EXISTS);
    if (terms == null) {
      return Set.of();
    }
    Set<String> found = new HashSet<>();
    TermsEnum te = terms.iterator();
    for (char kind : new char[] {RowFields.UNINDEXABLE_STRING, RowFields.NOT_INDEXED}) {
      BytesRef prefix = new BytesRef(kind + "\0");
      if (te.seekCeil(prefix) == TermsEnum.SeekStatus.END) {
        continue;
      }
      for (BytesRef t = te.term(); t != null && StringHelper.startsWith(t, prefix); t = te.next()) {
        found.add(t.utf8ToString());
      }
    }
    return Set.copyOf(found);
  }
}
