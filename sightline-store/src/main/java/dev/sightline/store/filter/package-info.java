/**
 * The storage-neutral filter model: what a Sightline query's {@code WHERE} compiles to, and what the
 * event store translates to Lucene (or OpenSearch) queries. {@link dev.sightline.store.filter.FilterEvaluator}
 * is the executable reference; a translation is correct when it selects exactly the rows the evaluator
 * accepts.
 *
 * <h2>Rows and values</h2>
 * A row is a flat {@code Map<String, Object>}: dotted field names ({@code http.status_code}) to values
 * that are {@code String}, {@code Long} (any integer width is widened), {@code Double} (float widened),
 * {@code Boolean}, or a {@code List} of those (a multi-valued field). Any other object counts as its
 * {@code toString()}. A field is <b>missing</b> when absent, {@code null} or an empty list. Field names in
 * filters are canonical ({@link dev.sightline.store.filter.Fields}) and case-sensitive.
 *
 * <h2>Logic</h2>
 * Two-valued. Every leaf on a missing field is {@code false}. {@code And}/{@code Or} are the usual
 * conjunction/disjunction (empty {@code And} = true, empty {@code Or} = false). {@code Not} is the plain
 * complement: {@code NOT level = 'ERROR'} matches rows without a {@code level}. (Lucene: {@code Not(x)}
 * is {@code MatchAllDocs MUST_NOT x}.) A multi-valued field satisfies a leaf when <i>any</i> element does
 * (Lucene's multi-valued semantics), with the single exception of {@code NE}, below.
 *
 * <h2>Leaves</h2>
 * <ul>
 *   <li><b>Compare(field, op, value)</b>: values compare only within one family. Numbers: a {@code Long}
 *       or {@code Double} literal against {@code Long}/{@code Double} field values, exactly (no rounding of
 *       a long to a double; NaN on either side matches nothing). Strings: case-sensitive, ordered by
 *       Unicode code point, which equals UTF-8 byte order (Lucene's term order). Booleans: only
 *       {@code false < true}. A field value of another family never matches, under any operator: the
 *       string {@code "500"} is not equal to the number {@code 500}, and {@code status != 500} does not
 *       match a row whose {@code status} is {@code "OK"}. {@code NE} is true when the field has at least
 *       one value of the literal's family and no value equal to the literal (Lucene:
 *       {@code exists-in-family(field) AND NOT field = value}).
 *   <li><b>In(field, values)</b>: exactly {@code Or} of {@code Compare(field, EQ, v)}.
 *   <li><b>Contains(field, text)</b>: token phrase match, case-insensitive. Both the field's string value
 *       and the text are split by {@link dev.sightline.store.filter.TextTokenizer} (maximal runs of
 *       letters/digits, lowercased per code point); true when the text's tokens occur consecutively among
 *       the value's tokens. {@code message CONTAINS 'time out'} matches "Time-out after 3s" but
 *       {@code 'time'} does not match "timeout". Not a substring search. Non-string values never match.
 *   <li><b>MessageContains(text)</b>: exactly {@code Contains("message", text)}.
 *   <li><b>Like(field, pattern)</b>: SQL LIKE over the whole string value, case-sensitive; {@code %} any
 *       sequence, {@code _} one code point, {@code \} escapes the next character. Lucene: a
 *       {@code WildcardQuery} with {@code *}/{@code ?} and escaped literals, on the keyword form.
 *   <li><b>Matches(field, regex)</b>: the whole string value matches a Java regular expression
 *       ({@code Matcher.matches()}, case-sensitive unless {@code (?i)}). Evaluation has a step budget and
 *       throws {@link dev.sightline.store.filter.FilterEvaluationException} rather than backtrack for
 *       minutes. A translation may use Lucene's {@code RegexpQuery} only for patterns whose meaning is
 *       the same in both syntaxes, and must otherwise post-filter with this evaluator.
 *   <li><b>Exists(field)</b>: the field is not missing (any family; the empty string exists).
 *   <li><b>MatchAll</b>: every row.
 *   <li><b>TimeRange(start, end)</b>: {@code start <= timestamp < end}, nanoseconds since the epoch, on a
 *       {@code Long} {@code timestamp}.
 * </ul>
 * Values are data: a translation passes them as typed term/point values or through the target's own
 * escaping API (e.g. {@code WildcardQuery} escaping), and never concatenates them into query text.
 */
package dev.sightline.store.filter;
