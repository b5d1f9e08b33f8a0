package dev.sightline.store.lucene;

import dev.sightline.store.filter.Fields;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.util.BytesRef;

/**
 * Caps how many distinct field names a dataset indexes (100,000 by default) and how many one record
 * indexes (1,000 by default). Every Lucene field costs heap in each segment's field infos, so a source
 * that sends a fresh key per record (a request id as a key) would otherwise exhaust memory.
 *
 * <p>A field beyond either cap is still stored in the record's source and returned by searches, but not
 * indexed: the document gets the marker {@code u<NUL>name} (see {@link RowFields}), and every
 * filter on that name reads the marked documents and checks them with the reference evaluator, so
 * answers stay exact, only slower. Each such field occurrence is counted ({@link #notIndexed()}).
 * Well-known fields ({@link Fields}) are always indexed and do not count.
 */
final class FieldBudget {
  static final int DEFAULT_MAX_DISTINCT = 100_000;
  static final int DEFAULT_MAX_PER_RECORD = 1_000;
  private static final Set<String> WELL_KNOWN = Set.of(Fields.TIMESTAMP, Fields.LEVEL, Fields.MESSAGE,
      Fields.SERVICE, Fields.TRACE_ID, Fields.SPAN_ID, Fields.PARENT_SPAN_ID, Fields.NAME, Fields.DURATION,
      Fields.STATUS, Fields.KIND, "severity_number", "status_message");

  private final int maxDistinct;
  private final int maxPerRecord;
  private final int maxShapes;
  private final Set<String> names = ConcurrentHashMap.newKeySet();
  private final Map<Set<String>, BytesRef> shapes = new ConcurrentHashMap<>();
  private final AtomicLong notIndexed = new AtomicLong();
  /** Distinct shapes ({@link RowFields#SHAPE}) a dataset writes as one term each, per process life. */
  static final int MAX_SHAPES = 10_000;
  /** A shape longer than this is written as loose marker terms instead (Lucene's term limit is 32 KiB). */
  static final int MAX_SHAPE_BYTES = 4096;

  FieldBudget(int maxDistinct, int maxPerRecord) {
    this(maxDistinct, maxPerRecord, MAX_SHAPES);
  }

  FieldBudget(int maxDistinct, int maxPerRecord, int maxShapes) {
    if (maxDistinct < 1 || maxPerRecord < 1) {
      throw new IllegalArgumentException("field limits must be positive, got " + maxDistinct + " distinct and "
          + maxPerRecord + " per record");
    }
    this.maxDistinct = maxDistinct;
    this.maxPerRecord = maxPerRecord;
    this.maxShapes = maxShapes;
  }

  /**
   * Whether the record's {@code indexedSoFar + 1}-th field {@code name} may be indexed; counts a refusal.
   */
  boolean admit(String name, int indexedSoFar) {
    if (WELL_KNOWN.contains(name)) {
      return true;
    }
    if (indexedSoFar >= maxPerRecord) {
      notIndexed.incrementAndGet();
      return false;
    }
    if (names.contains(name)) {
      return true;
    }
    synchronized (this) { // the cap is exact: check and add as one step
      if (names.size() < maxDistinct) {
        names.add(name);
        return true;
      }
    }
    notIndexed.incrementAndGet();
    return false;
  }

  /**
   * The shape term ({@link RowFields#SHAPE}) of a record's markers, or null when the record must carry
   * them as loose terms: a shape seen before is admitted (and its term reused), a new one while fewer
   * than {@value #MAX_SHAPES} (by default) are known, so that a source sending a different set of fields in
   * every record cannot give each segment an unbounded shape dictionary (those records carry loose marker
   * terms instead, which answer the same queries); a shape over {@value #MAX_SHAPE_BYTES} bytes never is.
   */
  BytesRef shape(Set<String> markers) {
    BytesRef known = shapes.get(markers);
    if (known != null) {
      return known;
    }
    BytesRef term = RowFields.shapeTerm(markers);
    if (term.length > MAX_SHAPE_BYTES) {
      return null;
    }
    synchronized (shapes) {
      known = shapes.get(markers);
      if (known != null) {
        return known;
      }
      if (shapes.size() < maxShapes) {
        shapes.put(Set.copyOf(markers), term);
        return term;
      }
    }
    return null;
  }

  /** Well-known fields are always indexed and count against neither cap. */
  static boolean isWellKnown(String name) {
    return WELL_KNOWN.contains(name);
  }

  /** Seeds the known names from an index opened at startup (a name already indexed stays indexable). */
  void seed(String name) {
    if (!WELL_KNOWN.contains(name)) {
      names.add(name);
    }
  }

  int distinctNames() {
    return names.size();
  }

  long notIndexed() {
    return notIndexed.get();
  }

  int maxPerRecord() {
    return maxPerRecord;
  }
}
