package dev.sightline.query.lang;

import dev.sightline.store.filter.CompareOp;
import dev.sightline.store.filter.Fields;
import dev.sightline.store.filter.Filter;
import dev.sightline.store.filter.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Turns what a user typed into a {@link QueryPlan}, recognising the shorthands of the search box:
 * <ul>
 *   <li>input starting with {@code SELECT}: a full query;
 *   <li>a bare 32-hex-digit trace id (any case): every log line and span of that request, oldest first,
 *       matched on {@code trace_id} (lowercased) or on any correlation field holding the text as typed;
 *   <li>a single bare word of 3-128 characters from {@code [A-Za-z0-9._:/-]} containing a digit, such as
 *       {@code req-7f3a9} or a UUID: the same, matched on the correlation fields only (a single word is
 *       never a valid condition, so there is no ambiguity);
 *   <li>anything else: a condition ({@code level = 'ERROR' AND 'timeout'}) listing matching rows of the
 *       search dataset, newest first.
 * </ul>
 * The correlation fields default to {@link Fields#DEFAULT_CORRELATION_FIELDS}.
 */
public final class QueryPlanner {
  private static final Pattern TRACE_ID = Pattern.compile("[0-9a-fA-F]{32}");
  private static final Pattern CORRELATION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{2,127}");
  private static final Pattern HAS_DIGIT = Pattern.compile(".*[0-9].*");

  private final QueryParser parser;
  private final List<String> correlationFields;
  private final Dataset searchDataset;
  private final int searchLimit;
  private final int correlationLimit;

  private QueryPlanner(Builder b) {
    this.parser = b.parser;
    this.correlationFields = List.copyOf(b.correlationFields);
    this.searchDataset = b.searchDataset;
    this.searchLimit = b.searchLimit;
    this.correlationLimit = b.correlationLimit;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static QueryPlanner defaults() {
    return builder().build();
  }

  /** The plan for {@code text}; throws {@link ParseException} naming the position of any error. */
  public QueryPlan plan(String text) throws ParseException {
    String t = text.strip();
    if (t.isEmpty()) {
      throw new ParseException(Position.of(text, 0), "a query, a condition or a trace id", "empty input");
    }
    if (startsWithSelect(t)) {
      return QueryPlan.of(QueryPlan.Kind.QUERY, parser.parseQuery(text));
    }
    if (TRACE_ID.matcher(t).matches()) {
      return correlation(t, true);
    }
    if (CORRELATION_ID.matcher(t).matches() && HAS_DIGIT.matcher(t).matches()) {
      return correlation(t, false);
    }
    Filter where = parser.parseCondition(text);
    Query q = new Query(searchDataset, List.of(), where, List.of(),
        Optional.of(new OrderBy(Fields.TIMESTAMP, true, Position.of(text, 0))), OptionalInt.of(searchLimit));
    return QueryPlan.of(QueryPlan.Kind.SEARCH, q);
  }

  private QueryPlan correlation(String id, boolean traceId) {
    List<Filter> anyOf = new ArrayList<>();
    if (traceId) {
      anyOf.add(new Filter.Compare(Fields.TRACE_ID, CompareOp.EQ, Value.of(id.toLowerCase(Locale.ROOT))));
    }
    for (String f : correlationFields) {
      anyOf.add(new Filter.Compare(f, CompareOp.EQ, Value.of(id)));
    }
    Filter where = anyOf.size() == 1 ? anyOf.get(0) : new Filter.Or(anyOf);
    List<Query> queries = new ArrayList<>();
    for (Dataset d : Dataset.values()) {
      queries.add(new Query(d, List.of(), where, List.of(),
          Optional.of(new OrderBy(Fields.TIMESTAMP, false, new Position(0, 1, 1))),
          OptionalInt.of(correlationLimit)));
    }
    return new QueryPlan(QueryPlan.Kind.CORRELATION, queries, id, correlationFields, null);
  }

  private static boolean startsWithSelect(String t) {
    return t.length() >= 6 && t.regionMatches(true, 0, "SELECT", 0, 6)
        && (t.length() == 6 || !Character.isLetterOrDigit(t.charAt(6)) && t.charAt(6) != '_');
  }

  /** Configures the shorthands; defaults: logs, 100 search rows, 10,000 correlated rows per dataset. */
  public static final class Builder {
    private QueryParser parser = QueryParser.defaults();
    private List<String> correlationFields = Fields.DEFAULT_CORRELATION_FIELDS;
    private Dataset searchDataset = Dataset.LOGS;
    private int searchLimit = 100;
    private int correlationLimit = 10_000;

    private Builder() {}

    public Builder parser(QueryParser v) { parser = v; return this; }

    /** Fields that may hold a request's correlation id; canonicalised like any field name. */
    public Builder correlationFields(List<String> v) {
      correlationFields = v.stream().map(Fields::canonical).toList();
      return this;
    }

    public Builder searchDataset(Dataset v) { searchDataset = v; return this; }
    public Builder searchLimit(int v) { searchLimit = v; return this; }
    public Builder correlationLimit(int v) { correlationLimit = v; return this; }

    public QueryPlanner build() {
      if (searchLimit <= 0 || correlationLimit <= 0) {
        throw new IllegalArgumentException("limits must be positive");
      }
      return new QueryPlanner(this);
    }
  }
}
