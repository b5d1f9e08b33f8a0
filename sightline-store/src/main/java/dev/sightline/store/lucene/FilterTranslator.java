package dev.sightline.store.lucene;

import dev.sightline.store.filter.CompareOp;
import dev.sightline.store.filter.Fields;
import dev.sightline.store.filter.Filter;
import dev.sightline.store.filter.TextTokenizer;
import dev.sightline.store.filter.Value;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RegexpQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.automaton.Operations;
import org.apache.lucene.util.automaton.RegExp;

/**
 * Translates a {@link Filter} into a Lucene query over the {@link RowFields} scheme.
 *
 * <p>Each node becomes a pair of queries, {@code sure} (only rows the filter accepts) and {@code possible}
 * (every row it accepts): equal for what Lucene answers exactly, wider when some rows can only be
 * checked on their source (a string too long for a keyword term, a field past the {@link FieldBudget},
 * a regular expression outside {@link RegexTranslation}'s subset). {@code Not(x)} is
 * {@code (not possible(x), not sure(x))}, so the complement stays exact over all documents. The search
 * runs {@code possible} and, unless the translation is {@linkplain Translation#exact() exact}, keeps a
 * hit only when the reference evaluator accepts its row.
 *
 * <p>Built per searcher: the markers (which fields have values of which family, and which values are not
 * indexed) are read from each segment ({@link SegmentMarkers}), so a filter is exact on every day index
 * that holds no unindexed value, and a marker query names the shapes that carry the marker there.
 */
final class FilterTranslator {
  /** The query to run, and whether its hits need the reference evaluator's check. */
  record Translation(Query query, boolean exact) {}

  private record Pair(Query sure, Query possible) {
    static Pair exact(Query q) {
      return new Pair(q, q);
    }

    boolean isExact() {
      return sure == possible;
    }
  }

  private static final Query NONE = new MatchNoDocsQuery();
  private static final Query ALL = new MatchAllDocsQuery();

  private final IndexSearcher searcher;

  FilterTranslator(IndexSearcher searcher) {
    this.searcher = searcher;
  }

  Translation translate(Filter filter) throws IOException {
    Pair p = pair(filter);
    return new Translation(p.possible(), p.isExact());
  }

  private Pair pair(Filter f) throws IOException {
    return switch (f) {
      case Filter.And and -> {
        List<Pair> ops = new ArrayList<>();
        for (Filter o : and.operands()) {
          ops.add(pair(o));
        }
        yield combine(ops, Occur.FILTER, ALL);
      }
      case Filter.Or or -> {
        List<Pair> ops = new ArrayList<>();
        for (Filter o : or.operands()) {
          ops.add(pair(o));
        }
        yield combine(ops, Occur.SHOULD, NONE);
      }
      case Filter.Not not -> {
        Pair op = pair(not.operand());
        Query sure = complement(op.possible());
        yield op.isExact() ? Pair.exact(sure) : new Pair(sure, complement(op.sure()));
      }
      case Filter.Compare c -> compare(c.field(), c.op(), c.value());
      case Filter.In in -> {
        List<Pair> ops = new ArrayList<>();
        for (Value v : in.values()) {
          ops.add(compare(in.field(), CompareOp.EQ, v));
        }
        yield combine(ops, Occur.SHOULD, NONE);
      }
      case Filter.Contains c -> contains(c.field(), c.text());
      case Filter.MessageContains m -> contains(Fields.MESSAGE, m.text());
      case Filter.Like like -> like(like.field(), like.pattern());
      case Filter.Matches m -> matches(m.field(), m.regex());
      case Filter.Exists e -> leaf(e.field(), or(exists(RowFields.STRING_FAMILY, e.field()),
          exists(RowFields.LONG_FAMILY, e.field()), exists(RowFields.DOUBLE_FAMILY, e.field()),
          exists(RowFields.BOOL_FAMILY, e.field())), null);
      case Filter.MatchAll ignored -> Pair.exact(ALL);
      case Filter.TimeRange t -> leaf(Fields.TIMESTAMP, t.endEpochNanos() > t.startEpochNanos()
          ? LongPoint.newRangeQuery(RowFields.LONG + Fields.TIMESTAMP, t.startEpochNanos(), t.endEpochNanos() - 1)
          : NONE, null);
    };
  }

  private static Pair combine(List<Pair> ops, Occur occur, Query empty) {
    if (ops.isEmpty()) {
      return Pair.exact(empty);
    }
    if (ops.size() == 1) {
      return ops.get(0);
    }
    BooleanQuery.Builder sure = new BooleanQuery.Builder();
    BooleanQuery.Builder possible = new BooleanQuery.Builder();
    boolean exact = true;
    for (Pair p : ops) {
      sure.add(p.sure(), occur);
      possible.add(p.possible(), occur);
      exact &= p.isExact();
    }
    Query s = sure.build();
    return exact ? Pair.exact(s) : new Pair(s, possible.build());
  }

  private static Query complement(Query q) {
    return new BooleanQuery.Builder().add(ALL, Occur.FILTER).add(q, Occur.MUST_NOT).build();
  }

  private static Query or(Query... qs) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (Query q : qs) {
      b.add(q, Occur.SHOULD);
    }
    return b.build();
  }

  private static Query and(Query a, Query b) {
    return new BooleanQuery.Builder().add(a, Occur.FILTER).add(b, Occur.FILTER).build();
  }

  /** The documents that carry the marker {@code kind<NUL>field}. */
  private Query exists(char kind, String field) throws IOException {
    return SegmentMarkers.query(searcher.getIndexReader(), kind, field);
  }

  /** The marker query when some document of this index carries it, else null. */
  private Query present(char kind, String field) throws IOException {
    return SegmentMarkers.present(searcher.getIndexReader(), kind, field) ? exists(kind, field) : null;
  }

  /**
   * A leaf on {@code field}: exact as {@code exact}, widened by {@code candidates} (may be null) and by
   * the documents where the field was not indexed.
   */
  private Pair leaf(String field, Query exact, Query candidates) throws IOException {
    Query notIndexed = present(RowFields.NOT_INDEXED, field);
    if (candidates == null && notIndexed == null) {
      return Pair.exact(exact);
    }
    BooleanQuery.Builder possible = new BooleanQuery.Builder().add(exact, Occur.SHOULD);
    if (candidates != null) {
      possible.add(candidates, Occur.SHOULD);
    }
    if (notIndexed != null) {
      possible.add(notIndexed, Occur.SHOULD);
    }
    return new Pair(exact, possible.build());
  }

  /** A string leaf: values too long for a keyword term are candidates. */
  private Pair stringLeaf(String field, Query exact) throws IOException {
    return leaf(field, exact, present(RowFields.UNINDEXABLE_STRING, field));
  }

  /** Every document with a string value of the field, all to be checked: the fallback for strings. */
  private Pair allStringsChecked(String field) throws IOException {
    return leaf(field, NONE, exists(RowFields.STRING_FAMILY, field));
  }

  private Pair compare(String field, CompareOp op, Value value) throws IOException {
    if (op == CompareOp.NE) {
      // NE = has a value of the literal's family and none equal to it.
      Pair family = leaf(field, familyExists(field, value), null);
      Pair eq = compare(field, CompareOp.EQ, value);
      Pair notEq = eq.isExact() ? Pair.exact(complement(eq.possible()))
          : new Pair(complement(eq.possible()), complement(eq.sure()));
      return combine(List.of(family, notEq), Occur.FILTER, ALL);
    }
    return switch (value) {
      case Value.StringValue s -> stringCompare(field, op, s.value());
      case Value.LongValue l -> leaf(field, numeric(field, op, l.value()), null);
      case Value.DoubleValue d -> leaf(field, Double.isNaN(d.value()) ? NONE : numeric(field, op, d.value()), null);
      case Value.BooleanValue b -> leaf(field, bool(field, op, b.value()), null);
    };
  }

  private Query familyExists(String field, Value value) throws IOException {
    return switch (value) {
      case Value.StringValue ignored -> exists(RowFields.STRING_FAMILY, field);
      case Value.BooleanValue ignored -> exists(RowFields.BOOL_FAMILY, field);
      case Value.DoubleValue d when Double.isNaN(d.value()) -> NONE; // NaN compares with nothing, NE included
      case Value.LongValue ignored -> numberExists(field);
      case Value.DoubleValue ignored -> numberExists(field);
    };
  }

  /** A long, or a double other than NaN (NaN has no family for comparisons). */
  private Query numberExists(String field) throws IOException {
    return or(exists(RowFields.LONG_FAMILY, field), DoublePoint.newRangeQuery(RowFields.DOUBLE + field,
        Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));
  }

  private Pair stringCompare(String field, CompareOp op, String v) throws IOException {
    if (!RowFields.keywordIndexable(v)) {
      return allStringsChecked(field);
    }
    String f = RowFields.STRING + field;
    BytesRef b = new BytesRef(v);
    Query q = switch (op) {
      case EQ -> new TermQuery(new Term(f, b));
      case LT -> new TermRangeQuery(f, null, b, true, false);
      case LE -> new TermRangeQuery(f, null, b, true, true);
      case GT -> new TermRangeQuery(f, b, null, false, true);
      case GE -> new TermRangeQuery(f, b, null, true, true);
      case NE -> throw new IllegalStateException("NE is handled by the caller");
    };
    return stringLeaf(field, q);
  }

  private static Query numeric(String field, CompareOp op, Number literal) {
    NumericBounds.LongRange longs = NumericBounds.longs(op, literal);
    NumericBounds.DoubleRange doubles = NumericBounds.doubles(op, literal);
    List<Query> qs = new ArrayList<>(2);
    if (!longs.isEmpty()) {
      qs.add(LongPoint.newRangeQuery(RowFields.LONG + field, longs.lo(), longs.hi()));
    }
    if (!doubles.isEmpty()) {
      qs.add(DoublePoint.newRangeQuery(RowFields.DOUBLE + field, doubles.lo(), doubles.hi()));
    }
    return qs.isEmpty() ? NONE : qs.size() == 1 ? qs.get(0) : or(qs.toArray(Query[]::new));
  }

  private static Query bool(String field, CompareOp op, boolean literal) {
    List<Query> qs = new ArrayList<>(2);
    for (boolean v : new boolean[] {false, true}) {
      int cmp = Boolean.compare(v, literal);
      boolean ok = switch (op) {
        case EQ -> cmp == 0;
        case LT -> cmp < 0;
        case LE -> cmp <= 0;
        case GT -> cmp > 0;
        case GE -> cmp >= 0;
        case NE -> throw new IllegalStateException("NE is handled by the caller");
      };
      if (ok) {
        qs.add(new TermQuery(new Term(RowFields.BOOL + field, v ? "T" : "F")));
      }
    }
    return qs.isEmpty() ? NONE : qs.size() == 1 ? qs.get(0) : or(qs.toArray(Query[]::new));
  }

  /**
   * CONTAINS: the phrase on the token field (text values); for one token, also the values that are that
   * token in any ASCII case, by their keyword (exact, see {@link RowFields#isSingleToken}); and where the
   * index has compound values of the field ({@link RowFields#COMPOUND}), those whose keyword holds the
   * tokens in order, ignoring case, as candidates for the reference evaluator's check.
   */
  private Pair contains(String field, String text) throws IOException {
    List<String> tokens = TextTokenizer.tokens(text);
    if (tokens.isEmpty()) {
      return leaf(field, NONE, null); // no token to find: nothing contains it, as the evaluator says
    }
    String f = RowFields.TOKENS + field;
    Query exact = tokens.size() == 1
        ? or(new TermQuery(new Term(f, tokens.get(0))), keywordIgnoringCase(field, tokens.get(0)))
        : new PhraseQuery(f, tokens.toArray(String[]::new));
    Query candidates = null;
    if (SegmentMarkers.present(searcher.getIndexReader(), RowFields.COMPOUND, field)) {
      Query inKeyword = new RegexpQuery(new Term(RowFields.STRING + field, tokensInOrder(tokens)), RegExp.NONE, 0,
          Operations.DEFAULT_DETERMINIZE_WORK_LIMIT);
      Query tooLong = present(RowFields.UNINDEXABLE_STRING, field);
      candidates = and(exists(RowFields.COMPOUND, field), tooLong == null ? inKeyword : or(inKeyword, tooLong));
    }
    return leaf(field, exact, candidates);
  }

  /** The keyword terms equal to {@code token} (lowercase letters and digits) in any ASCII case. */
  private static Query keywordIgnoringCase(String field, String token) {
    StringBuilder re = new StringBuilder(token.length() * 4);
    token.codePoints().forEach(cp -> appendIgnoringCase(re, cp, false));
    return new RegexpQuery(new Term(RowFields.STRING + field, re.toString()), RegExp.NONE, 0,
        Operations.DEFAULT_DETERMINIZE_WORK_LIMIT);
  }

  /**
   * A regular expression over keyword terms that every value whose tokens contain {@code tokens} in a row
   * matches: the tokens in order, anything around and between them, each letter in any case that
   * lowercases to it (so also the Kelvin sign for k, dotted capital I for i) and any character for a
   * non-ASCII one. A superset: hits are checked on the record.
   */
  static String tokensInOrder(List<String> tokens) {
    StringBuilder re = new StringBuilder(".*");
    for (String t : tokens) {
      t.codePoints().forEach(cp -> appendIgnoringCase(re, cp, true));
      re.append(".*");
    }
    return re.toString();
  }

  /** Characters whose {@link Character#toLowerCase(int)} is an ASCII letter other than its own ASCII case. */
  private static final String[] NON_ASCII_UPPER = nonAsciiUpper();

  private static String[] nonAsciiUpper() {
    StringBuilder[] by = new StringBuilder[26];
    for (int cp = 0x80; cp <= Character.MAX_CODE_POINT; cp++) {
      int lower = Character.toLowerCase(cp);
      if (lower >= 'a' && lower <= 'z') {
        (by[lower - 'a'] == null ? by[lower - 'a'] = new StringBuilder() : by[lower - 'a']).appendCodePoint(cp);
      }
    }
    String[] out = new String[26];
    for (int i = 0; i < 26; i++) {
      out[i] = by[i] == null ? "" : by[i].toString();
    }
    return out;
  }

  private static void appendIgnoringCase(StringBuilder re, int cp, boolean anyUnicodeCase) {
    if (cp >= 'a' && cp <= 'z') {
      re.append('[').appendCodePoint(cp).appendCodePoint(cp - 'a' + 'A');
      if (anyUnicodeCase) {
        re.append(NON_ASCII_UPPER[cp - 'a']);
      }
      re.append(']');
    } else if (cp >= '0' && cp <= '9') {
      re.appendCodePoint(cp);
    } else if (anyUnicodeCase) {
      re.append('.'); // a non-ASCII letter: some other character may lowercase to it
    } else {
      re.append('\\').appendCodePoint(cp); // literal (single-token values have it lowercase already)
    }
  }

  private Pair like(String field, String pattern) throws IOException {
    try {
      Query q = new WildcardQuery(new Term(RowFields.STRING + field, toWildcard(pattern)),
          Operations.DEFAULT_DETERMINIZE_WORK_LIMIT);
      return stringLeaf(field, q);
    } catch (RuntimeException e) { // too complex for an automaton: check the source instead
      return allStringsChecked(field);
    }
  }

  /**
   * SQL LIKE as a Lucene wildcard, exactly as {@code LikePattern} reads it: {@code %} any sequence,
   * {@code _} one code point, {@code \\} escapes the next character (a trailing one is literal); Lucene's
   * own wildcard characters in the text are escaped.
   */
  static String toWildcard(String like) {
    StringBuilder out = new StringBuilder(like.length() + 8);
    int i = 0;
    while (i < like.length()) {
      int cp = like.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '\\' && i < like.length()) {
        cp = like.codePointAt(i);
        i += Character.charCount(cp);
        appendLiteral(out, cp);
      } else if (cp == '%') {
        out.append(WildcardQuery.WILDCARD_STRING);
      } else if (cp == '_') {
        out.append(WildcardQuery.WILDCARD_CHAR);
      } else {
        appendLiteral(out, cp);
      }
    }
    return out.toString();
  }

  private static void appendLiteral(StringBuilder out, int cp) {
    if (cp == WildcardQuery.WILDCARD_STRING || cp == WildcardQuery.WILDCARD_CHAR || cp == WildcardQuery.WILDCARD_ESCAPE) {
      out.append(WildcardQuery.WILDCARD_ESCAPE);
    }
    out.appendCodePoint(cp);
  }

  private Pair matches(String field, String regex) throws IOException {
    Optional<RegexTranslation.Lucene> lucene = RegexTranslation.translate(regex);
    if (lucene.isEmpty()) {
      return allStringsChecked(field);
    }
    try {
      Query q = new RegexpQuery(new Term(RowFields.STRING + field, lucene.get().pattern()), RegExp.NONE,
          lucene.get().caseInsensitive() ? RegExp.ASCII_CASE_INSENSITIVE : 0,
          Operations.DEFAULT_DETERMINIZE_WORK_LIMIT);
      return stringLeaf(field, q);
    } catch (RuntimeException e) { // Lucene refused the pattern (too complex): check the source instead
      return allStringsChecked(field);
    }
  }
}
