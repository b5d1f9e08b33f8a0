package dev.sightline.store.lucene;

import dev.sightline.store.filter.FilterEvaluator;
import dev.sightline.store.filter.Fields;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.SortedNumericDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.NumericUtils;

/**
 * The field scheme that makes every field of a row ({@link dev.sightline.store.filter.Rows}) searchable
 * with the filter semantics, shared by the {@code logs} and {@code spans} datasets. For a row field
 * {@code name}, by the family of each value (a field may hold strings in one record and numbers in
 * another, or both in one list):
 * <ul>
 *   <li>{@code f.s.<name>}: a string, as one keyword term (equality, code point order ranges via UTF-8
 *       term order, LIKE as wildcard, regex), when it is at most {@value #MAX_KEYWORD_BYTES} UTF-8 bytes
 *       and well-formed UTF-16; otherwise the marker {@code x<NUL>name} instead (post-filtered);
 *   <li>{@code t.<name>}: the string's tokens with positions ({@link TokenAnalyzer}), for CONTAINS; left
 *       out when the string is a single lowercase token ({@link #isSingleToken}), whose keyword serves;
 *   <li>{@code f.l.<name>}: a long as a {@link LongPoint}; {@code f.d.<name>}: a double as a
 *       {@link DoublePoint} (numbers compare exactly across the two, see {@code NumericBounds});
 *   <li>{@code f.b.<name>}: a boolean as the term {@code T} or {@code F};
 *   <li>{@value #EXISTS}: one term per family present, {@code s|l|d|b<NUL>name}, for EXISTS and for the
 *       "has a value of the literal's family" half of {@code !=}; {@code u<NUL>name} marks a field the
 *       {@link FieldBudget} refused to index.
 * </ul>
 * Nothing here is stored: the record's encoded source is the only stored field. Numbers also carry
 * sorted-numeric doc values under their point's name (doubles as sortable longs), and the
 * {@link #GROUPING_KEYWORDS} sorted-set doc values under their keyword's name, so that aggregations read
 * columns instead of records ({@link ColumnReader}); the timestamp's doc values are the mapping's own.
 *
 * <p>A canonical field that a row carries only under an alias ({@code severity} without {@code level})
 * is also indexed under the canonical name, because the reference evaluator looks it up that way
 * ({@link Fields#lookup}).
 */
final class RowFields {
  static final String STRING = "f.s.";
  static final String LONG = "f.l.";
  static final String DOUBLE = "f.d.";
  static final String BOOL = "f.b.";
  static final String TOKENS = "t.";
  static final String EXISTS = "_exists";
  /** Longer strings get no keyword term (Lucene's limit is 32766 bytes, and nobody looks them up exactly). */
  static final int MAX_KEYWORD_BYTES = 8192;
  static final char STRING_FAMILY = 's';
  static final char LONG_FAMILY = 'l';
  static final char DOUBLE_FAMILY = 'd';
  static final char BOOL_FAMILY = 'b';
  static final char UNINDEXABLE_STRING = 'x';
  static final char NOT_INDEXED = 'u';
  /**
   * String fields that also get doc values, so aggregations can group by them without reading stored
   * records ({@link ColumnReader}): the well-known, low-cardinality ones. Other strings are read from the
   * stored record.
   */
  static final Set<String> GROUPING_KEYWORDS = Set.of(Fields.SERVICE, Fields.LEVEL, Fields.NAME, Fields.KIND,
      Fields.STATUS);
  private static final List<String> ALIASED = List.of(Fields.TIMESTAMP, Fields.LEVEL, Fields.MESSAGE,
      Fields.SERVICE, Fields.TRACE_ID, Fields.SPAN_ID, Fields.PARENT_SPAN_ID);

  static final FieldType TOKEN_TYPE = new FieldType();

  static {
    TOKEN_TYPE.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);
    TOKEN_TYPE.setTokenized(true);
    TOKEN_TYPE.setOmitNorms(true);
    TOKEN_TYPE.setStored(false);
    TOKEN_TYPE.freeze();
  }

  private RowFields() {}

  static String marker(char kind, String field) {
    return kind + "\0" + field;
  }

  /** Adds the indexed fields of {@code row} to {@code doc}, within the budget. */
  static void addRow(Document doc, Map<String, ?> row, FieldBudget budget) {
    Set<String> exists = new HashSet<>();
    int indexed = 0;
    for (Map.Entry<String, ?> e : row.entrySet()) {
      if (addField(doc, e.getKey(), e.getValue(), budget, indexed, exists)) {
        indexed++;
      }
    }
    for (String canonical : ALIASED) {
      if (row.get(canonical) == null) {
        Object aliased = Fields.lookup(row, canonical);
        if (aliased != null && addField(doc, canonical, aliased, budget, indexed, exists)) {
          indexed++;
        }
      }
    }
    for (String term : exists) {
      doc.add(new StringField(EXISTS, term, Field.Store.NO));
    }
  }

  /** Indexes one field; returns whether it counts against the record's cap (well-known fields do not). */
  private static boolean addField(Document doc, String name, Object raw, FieldBudget budget, int indexedSoFar,
                                  Set<String> exists) {
    if (raw == null || (raw instanceof Collection<?> c && c.stream().allMatch(java.util.Objects::isNull))) {
      return false; // missing, as the evaluator sees it
    }
    if (!budget.admit(name, indexedSoFar)) {
      exists.add(marker(NOT_INDEXED, name));
      return false;
    }
    if (raw instanceof Collection<?> c) {
      for (Object v : c) {
        if (v != null) {
          addValue(doc, name, FilterEvaluator.normalise(v), exists);
        }
      }
    } else {
      addValue(doc, name, FilterEvaluator.normalise(raw), exists);
    }
    return !FieldBudget.isWellKnown(name);
  }

  private static void addValue(Document doc, String name, Object v, Set<String> exists) {
    switch (v) {
      case String s -> {
        exists.add(marker(STRING_FAMILY, name));
        if (keywordIndexable(s)) {
          doc.add(new StringField(STRING + name, s, Field.Store.NO));
          if (GROUPING_KEYWORDS.contains(name)) {
            doc.add(new SortedSetDocValuesField(STRING + name, new BytesRef(s)));
          }
        } else {
          exists.add(marker(UNINDEXABLE_STRING, name));
        }
        if (!s.isEmpty() && !isSingleToken(s)) {
          doc.add(new Field(TOKENS + name, s, TOKEN_TYPE));
        }
      }
      case Long l -> {
        exists.add(marker(LONG_FAMILY, name));
        doc.add(new LongPoint(LONG + name, l));
        if (!name.equals(Fields.TIMESTAMP)) { // the mapping's timestamp doc values hold it already
          doc.add(new SortedNumericDocValuesField(LONG + name, l));
        }
      }
      case Double d -> {
        exists.add(marker(DOUBLE_FAMILY, name));
        doc.add(new DoublePoint(DOUBLE + name, d));
        doc.add(new SortedNumericDocValuesField(DOUBLE + name, NumericUtils.doubleToSortableLong(d)));
      }
      case Boolean b -> {
        exists.add(marker(BOOL_FAMILY, name));
        doc.add(new StringField(BOOL + name, b ? "T" : "F", Field.Store.NO));
      }
      default -> throw new IllegalStateException("normalise returned " + v.getClass());
    }
  }

  /**
   * Whether the string is its own only token (lowercase letters and digits, shorter than a token may
   * be): ids, numbers, single words. Such values get no token field, their keyword term serves CONTAINS
   * (the translation also looks for a one-token text among keyword terms), which saves the bytes of a
   * second copy of every trace and span id.
   */
  static boolean isSingleToken(String s) {
    if (s.isEmpty() || s.length() >= dev.sightline.store.filter.TextTokenizer.MAX_TOKEN_LENGTH) {
      return false;
    }
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (!Character.isLetterOrDigit(cp) || Character.toLowerCase(cp) != cp) {
        return false;
      }
      i += Character.charCount(cp);
    }
    return true;
  }

  /** Whether a string can be a keyword term whose byte order is its code point order. */
  static boolean keywordIndexable(String s) {
    if (s.length() * 3L <= MAX_KEYWORD_BYTES) {
      return wellFormed(s);
    }
    return s.length() <= MAX_KEYWORD_BYTES && wellFormed(s)
        && s.getBytes(StandardCharsets.UTF_8).length <= MAX_KEYWORD_BYTES;
  }

  /** No unpaired surrogates: those would be indexed as U+FFFD and compare wrongly. */
  static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
