package dev.sightline.store.lucene;

import dev.sightline.store.filter.FilterEvaluator;
import dev.sightline.store.filter.Fields;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
import org.apache.lucene.util.BytesRefBuilder;
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
 *   <li>{@code t.<name>}: the string's tokens with positions ({@link TokenAnalyzer}), for CONTAINS, only for
 *       <em>text</em>: the message, and any value with whitespace in it. A value that is a single token in
 *       any case ({@link #isSingleToken}: {@code INFO}, an id, a number) is found by its keyword,
 *       case-insensitively; any other value without whitespace ({@link #isText}: a host name, a path, a
 *       version, a request id) is a <em>compound</em>, marked {@code k<NUL>name}, and CONTAINS reads its
 *       candidates from the keywords with a regular expression and checks them on the record. Ids and
 *       paths are looked up by equality or LIKE far more than by word, and their tokens were most of the
 *       distinct terms a segment had to write and merge (BENCHMARKS.md, section 5);
 *   <li>{@code f.l.<name>}: a long as a {@link LongPoint}; {@code f.d.<name>}: a double as a
 *       {@link DoublePoint} (numbers compare exactly across the two, see {@code NumericBounds});
 *   <li>{@code f.b.<name>}: a boolean as the term {@code T} or {@code F};
 *   <li>markers, for EXISTS and for the "has a value of the literal's family" half of {@code !=}: one per
 *       family present, {@code s|l|d|b<NUL>name}; {@code u<NUL>name} for a field the {@link FieldBudget}
 *       refused to index; {@code x} and {@code k} as above. A record's markers are written together as
 *       its <em>shape</em>, one {@value #SHAPE} term listing all of them ({@link #shapeTerm}), because
 *       records of one source share a few shapes and one term per record is far cheaper to index and
 *       merge than one per field; a shape the budget refuses ({@link FieldBudget#shape}) is written
 *       as one {@value #EXISTS} term per marker instead. {@link SegmentMarkers} answers for both forms.
 *       ({@link FieldBudget#shape} also keeps the terms it admitted, so a record of a known shape neither
 *       sorts nor encodes its markers.)
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
  /** Loose markers, one term each (segments before shapes, and shapes the budget refused). */
  static final String EXISTS = "_exists";
  /** A record's markers as one term ({@link #shapeTerm}). */
  static final String SHAPE = "_shape";
  /** Longer strings get no keyword term (Lucene's limit is 32766 bytes, and nobody looks them up exactly). */
  static final int MAX_KEYWORD_BYTES = 8192;
  static final char STRING_FAMILY = 's';
  static final char LONG_FAMILY = 'l';
  static final char DOUBLE_FAMILY = 'd';
  static final char BOOL_FAMILY = 'b';
  static final char UNINDEXABLE_STRING = 'x';
  static final char NOT_INDEXED = 'u';
  static final char COMPOUND = 'k';
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

  private static final String KINDS = "sldbxuk";
  private static final int KIND_STRING = KINDS.indexOf(STRING_FAMILY);
  private static final int KIND_LONG = KINDS.indexOf(LONG_FAMILY);
  private static final int KIND_DOUBLE = KINDS.indexOf(DOUBLE_FAMILY);
  private static final int KIND_BOOL = KINDS.indexOf(BOOL_FAMILY);
  private static final int KIND_UNINDEXABLE = KINDS.indexOf(UNINDEXABLE_STRING);
  private static final int KIND_COMPOUND = KINDS.indexOf(COMPOUND);
  private static final int MAX_CACHED_FIELDS = 200_000;
  /** Row field name to what it turns into ({@link Names}), so a record does not build them anew. */
  private static final Map<String, Names> NAMES = new ConcurrentHashMap<>();

  /**
   * What one row field name turns into: its markers by kind ({@link #KINDS}), its Lucene field names, and
   * what the scheme asks of it. Field names repeat in every record, so these are built once per name
   * rather than concatenated and looked up in sets for every field of every record: in a JFR profile of
   * the span server (sixth session) those set lookups alone were 6% of the span writers' samples.
   */
  private record Names(String[] markers, String string, String longs, String doubles, String bools,
                       String tokens, boolean grouping, boolean wellKnown, boolean message, boolean timestamp) {
    static Names of(String field) {
      String[] markers = new String[KINDS.length()];
      for (int i = 0; i < markers.length; i++) {
        markers[i] = KINDS.charAt(i) + "\0" + field;
      }
      return new Names(markers, STRING + field, LONG + field, DOUBLE + field, BOOL + field, TOKENS + field,
          GROUPING_KEYWORDS.contains(field), FieldBudget.isWellKnown(field), field.equals(Fields.MESSAGE),
          field.equals(Fields.TIMESTAMP));
    }
  }

  /** The cached {@link Names} of a field; built afresh, uncached, once the cache holds its maximum. */
  private static Names names(String field) {
    Names n = NAMES.get(field);
    if (n == null) {
      n = Names.of(field);
      if (NAMES.size() < MAX_CACHED_FIELDS) {
        Names raced = NAMES.putIfAbsent(field, n);
        n = raced == null ? n : raced;
      }
    }
    return n;
  }

  static String marker(char kind, String field) {
    int k = KINDS.indexOf(kind);
    if (k < 0) {
      return kind + "\0" + field;
    }
    Names n = NAMES.get(field);
    return n != null ? n.markers()[k] : kind + "\0" + field; // an uncached name: only the one marker needed
  }

  /** Adds the indexed fields of {@code row} to {@code doc}, within the budget. */
  static void addRow(Document doc, Map<String, ?> row, FieldBudget budget) {
    Set<String> markers = new HashSet<>();
    int indexed = 0;
    for (Map.Entry<String, ?> e : row.entrySet()) {
      if (addField(doc, e.getKey(), e.getValue(), budget, indexed, markers)) {
        indexed++;
      }
    }
    for (String canonical : ALIASED) {
      if (row.get(canonical) == null) {
        Object aliased = Fields.lookup(row, canonical);
        if (aliased != null && addField(doc, canonical, aliased, budget, indexed, markers)) {
          indexed++;
        }
      }
    }
    if (markers.isEmpty()) {
      return;
    }
    BytesRef shape = budget.shape(markers);
    if (shape != null) {
      doc.add(new StringField(SHAPE, shape, Field.Store.NO));
    } else {
      for (String marker : markers) {
        doc.add(new StringField(EXISTS, marker, Field.Store.NO));
      }
    }
  }

  /** The shape term of a set of markers: {@link #shapeTerm(String[])} of them sorted. */
  static BytesRef shapeTerm(Set<String> markers) {
    String[] sorted = markers.toArray(String[]::new);
    Arrays.sort(sorted);
    return shapeTerm(sorted);
  }

  /** The shape term of markers in sorted order: each marker's UTF-8 length (a vInt), then its bytes. */
  static BytesRef shapeTerm(String[] sortedMarkers) {
    BytesRefBuilder out = new BytesRefBuilder();
    BytesRefBuilder utf8 = new BytesRefBuilder();
    for (String m : sortedMarkers) {
      utf8.copyChars(m);
      int n = utf8.length();
      while ((n & ~0x7F) != 0) {
        out.append((byte) ((n & 0x7F) | 0x80));
        n >>>= 7;
      }
      out.append((byte) n);
      out.append(utf8.get());
    }
    return out.toBytesRef();
  }

  /** The markers a shape term lists (the inverse of {@link #shapeTerm}). */
  static List<String> shapeMarkers(BytesRef shape) {
    List<String> out = new ArrayList<>();
    int i = shape.offset;
    int end = shape.offset + shape.length;
    while (i < end) {
      int n = 0;
      int shift = 0;
      byte b;
      do {
        if (i >= end || shift > 28) {
          throw new IllegalStateException("malformed shape term of " + shape.length + " bytes");
        }
        b = shape.bytes[i++];
        n |= (b & 0x7F) << shift;
        shift += 7;
      } while ((b & 0x80) != 0);
      if (n > end - i) {
        throw new IllegalStateException("malformed shape term of " + shape.length + " bytes");
      }
      out.add(new String(shape.bytes, i, n, StandardCharsets.UTF_8));
      i += n;
    }
    return out;
  }

  /** Indexes one field; returns whether it counts against the record's cap (well-known fields do not). */
  private static boolean addField(Document doc, String name, Object raw, FieldBudget budget, int indexedSoFar,
                                  Set<String> markers) {
    if (raw == null || (raw instanceof Collection<?> c && c.stream().allMatch(java.util.Objects::isNull))) {
      return false; // missing, as the evaluator sees it
    }
    if (!budget.admit(name, indexedSoFar)) {
      markers.add(marker(NOT_INDEXED, name));
      return false;
    }
    Names n = names(name);
    if (raw instanceof Collection<?> c) {
      for (Object v : c) {
        if (v != null) {
          addValue(doc, n, FilterEvaluator.normalise(v), markers);
        }
      }
    } else {
      addValue(doc, n, FilterEvaluator.normalise(raw), markers);
    }
    return !n.wellKnown();
  }

  private static void addValue(Document doc, Names n, Object v, Set<String> markers) {
    String[] marker = n.markers();
    switch (v) {
      case String s -> {
        markers.add(marker[KIND_STRING]);
        if (keywordIndexable(s)) {
          // The JDK's encoder, not Lucene's per-char one behind StringField(String): the two agree on the
          // well-formed strings keywordIndexable admits, and this one copies an ASCII string in bulk.
          BytesRef utf8 = new BytesRef(s.getBytes(StandardCharsets.UTF_8));
          doc.add(new StringField(n.string(), utf8, Field.Store.NO));
          if (n.grouping()) {
            doc.add(new SortedSetDocValuesField(n.string(), utf8));
          }
        } else {
          markers.add(marker[KIND_UNINDEXABLE]);
        }
        if (!s.isEmpty() && !isSingleToken(s)) {
          if (n.message() || isText(s)) {
            doc.add(new Field(n.tokens(), s, TOKEN_TYPE));
          } else {
            markers.add(marker[KIND_COMPOUND]);
          }
        }
      }
      case Long l -> {
        markers.add(marker[KIND_LONG]);
        doc.add(new LongPoint(n.longs(), l));
        if (!n.timestamp()) { // the mapping's timestamp doc values hold it already
          doc.add(new SortedNumericDocValuesField(n.longs(), l));
        }
      }
      case Double d -> {
        markers.add(marker[KIND_DOUBLE]);
        doc.add(new DoublePoint(n.doubles(), d));
        doc.add(new SortedNumericDocValuesField(n.doubles(), NumericUtils.doubleToSortableLong(d)));
      }
      case Boolean b -> {
        markers.add(marker[KIND_BOOL]);
        doc.add(new StringField(n.bools(), b ? "T" : "F", Field.Store.NO));
      }
      default -> throw new IllegalStateException("normalise returned " + v.getClass());
    }
  }

  /**
   * Whether the string is its own only token in any ASCII case (letters and digits, non-ASCII letters
   * already lowercase, shorter than a token may be): ids, numbers, single words, {@code INFO}. Such values
   * get no token field: CONTAINS of one token finds them by their keyword, matched ignoring ASCII case,
   * which is exact for exactly these values (a non-ASCII letter that lowercases to another, such as the
   * Kelvin sign, makes the value a compound instead). That saves a second copy of every id and level.
   */
  static boolean isSingleToken(String s) {
    if (s.isEmpty() || s.length() >= dev.sightline.store.filter.TextTokenizer.MAX_TOKEN_LENGTH) {
      return false;
    }
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (cp < 0x80) {
        if (!((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9'))) {
          return false;
        }
      } else if (!Character.isLetterOrDigit(cp) || Character.toLowerCase(cp) != cp) {
        return false;
      }
      i += Character.charCount(cp);
    }
    return true;
  }

  /** Whether a string is text, tokenized for CONTAINS: it has whitespace between its words. */
  static boolean isText(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return true;
      }
    }
    return false;
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
