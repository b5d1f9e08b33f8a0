package dev.sightline.store.lucene;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * The {@link RowFields} markers of one segment — which field has values of which family, which strings
 * were too long for a keyword, which fields were past the budget or are keyword-only compounds — read
 * once per segment and kept until the segment closes.
 *
 * <p>A document carries its markers in one of two forms: as its <em>shape</em>, one
 * {@value RowFields#SHAPE} term that lists all of them (the usual form: records from one logger or one
 * instrumentation share a handful of shapes, so a segment has few distinct terms), or as one
 * {@value RowFields#EXISTS} term per marker (segments written before shapes existed, and records whose
 * shape was refused by {@link ShapeBudget}). A marker query is the union of the two: the shapes that list
 * the marker, and its own term. A segment is immutable, so its answer never changes; deleted documents
 * count, as they do for {@code docFreq}.
 *
 * <p>{@link FilterTranslator} asks for every leaf of every filter on every search whether a rare marker
 * exists; as term lookups that was a seek in each segment's terms dictionary per field and per query
 * (about a tenth of a trace-id lookup's time on a 13-segment day), hence the cache.
 */
final class SegmentMarkers {
  private static final Map<IndexReader.CacheKey, SegmentMarkers> BY_SEGMENT = new ConcurrentHashMap<>();
  private static final SegmentMarkers NONE = new SegmentMarkers(Map.of(), Set.of());

  /** Marker to the shape terms that list it. */
  private final Map<String, List<BytesRef>> shapes;
  /** Markers present as their own {@link RowFields#EXISTS} term. */
  private final Set<String> loose;

  private SegmentMarkers(Map<String, List<BytesRef>> shapes, Set<String> loose) {
    this.shapes = shapes;
    this.loose = loose;
  }

  /** Whether any document of the segment carries the marker, in either form. */
  boolean has(String marker) {
    return shapes.containsKey(marker) || loose.contains(marker);
  }

  /** Whether any segment of {@code reader} holds the marker {@code kind<NUL>field}. */
  static boolean present(IndexReader reader, char kind, String field) throws IOException {
    String marker = RowFields.marker(kind, field);
    for (LeafReaderContext leaf : reader.leaves()) {
      if (of(leaf.reader()).has(marker)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The documents of {@code reader} that carry the marker: the shape terms that list it (in any segment)
   * and its loose term where a segment has one; matches nothing when no segment holds it.
   */
  static Query query(IndexReader reader, char kind, String field) throws IOException {
    String marker = RowFields.marker(kind, field);
    Set<BytesRef> shapeTerms = new LinkedHashSet<>();
    boolean loose = false;
    for (LeafReaderContext leaf : reader.leaves()) {
      SegmentMarkers m = of(leaf.reader());
      List<BytesRef> s = m.shapes.get(marker);
      if (s != null) {
        shapeTerms.addAll(s);
      }
      loose |= m.loose.contains(marker);
    }
    Query byShape = shapeTerms.isEmpty() ? null : shapeTerms.size() == 1
        ? new TermQuery(new Term(RowFields.SHAPE, shapeTerms.iterator().next()))
        : new TermInSetQuery(RowFields.SHAPE, shapeTerms);
    Query byTerm = loose ? new TermQuery(new Term(RowFields.EXISTS, marker)) : null;
    if (byShape == null && byTerm == null) {
      return new MatchNoDocsQuery("no document has " + marker.replace('\0', ':'));
    }
    if (byShape == null || byTerm == null) {
      return byShape == null ? byTerm : byShape;
    }
    return new BooleanQuery.Builder().add(byShape, Occur.SHOULD).add(byTerm, Occur.SHOULD).build();
  }

  static SegmentMarkers of(LeafReader leaf) throws IOException {
    IndexReader.CacheHelper helper = leaf.getCoreCacheHelper();
    if (helper == null) {
      return read(leaf); // no identity to cache under (a wrapped reader): read it each time
    }
    IndexReader.CacheKey key = helper.getKey();
    SegmentMarkers markers = BY_SEGMENT.get(key);
    if (markers == null) {
      markers = read(leaf);
      if (BY_SEGMENT.putIfAbsent(key, markers) == null) {
        helper.addClosedListener(BY_SEGMENT::remove);
      }
    }
    return markers;
  }

  /** Reads every shape term and every loose marker term of the segment. */
  static SegmentMarkers read(LeafReader leaf) throws IOException {
    Map<String, List<BytesRef>> shapes = new HashMap<>();
    Terms shapeTerms = leaf.terms(RowFields.SHAPE);
    if (shapeTerms != null) {
      TermsEnum te = shapeTerms.iterator();
      for (BytesRef t = te.next(); t != null; t = te.next()) {
        BytesRef shape = BytesRef.deepCopyOf(t);
        for (String marker : RowFields.shapeMarkers(shape)) {
          shapes.computeIfAbsent(marker, k -> new ArrayList<>(2)).add(shape);
        }
      }
    }
    Set<String> loose = new HashSet<>();
    Terms looseTerms = leaf.terms(RowFields.EXISTS);
    if (looseTerms != null) {
      TermsEnum te = looseTerms.iterator();
      for (BytesRef t = te.next(); t != null; t = te.next()) {
        loose.add(t.utf8ToString());
      }
    }
    if (shapes.isEmpty() && loose.isEmpty()) {
      return NONE;
    }
    shapes.replaceAll((k, v) -> List.copyOf(v));
    return new SegmentMarkers(Map.copyOf(shapes), Set.copyOf(loose));
  }
}
