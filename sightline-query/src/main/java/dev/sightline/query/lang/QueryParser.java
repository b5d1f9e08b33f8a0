package dev.sightline.query.lang;

import dev.sightline.query.lang.internal.QueryGrammar;
import dev.sightline.store.filter.Filter;

/**
 * Reads the Sightline query language:
 * <pre>
 * SELECT * | item, ... FROM logs|spans [WHERE condition] [GROUP BY key, ...] [ORDER BY key [ASC|DESC]] [LIMIT n]
 * </pre>
 * for example {@code SELECT count(*) FROM logs WHERE level = 'ERROR' AND region = 'US-EAST'} or
 * {@code SELECT service, percentile(duration, 0.99) AS p99 FROM spans WHERE kind = 'SERVER'
 * GROUP BY service ORDER BY p99 DESC LIMIT 10}.
 *
 * <p>Keywords are case-insensitive; field names are case-sensitive, may be dotted
 * ({@code resource.service.name}) or quoted with backquotes or double quotes (a doubled quote escapes
 * itself); strings are single-quoted with {@code ''} for a quote, backslashes are literal. Numbers are
 * 64-bit integers or doubles; durations ({@code 250ms}, {@code 1m}) are integers of nanoseconds; on
 * {@code timestamp} an ISO-8601 string is an instant. Every error is a {@link ParseException} naming the
 * line, column and offset and what was expected there.
 *
 * <p>Input is bounded: longer than {@code maxQueryLength}, nested deeper than {@code maxDepth}, or an IN
 * list longer than {@code maxInValues}, is a ParseException, never a stack overflow. Instances are
 * immutable and thread-safe.
 */
public final class QueryParser {
  public static final int DEFAULT_MAX_QUERY_LENGTH = 256 * 1024;
  public static final int DEFAULT_MAX_DEPTH = 64;
  public static final int DEFAULT_MAX_IN_VALUES = 10_000;
  public static final int DEFAULT_MAX_LIMIT = 100_000;

  private static final QueryParser DEFAULT = builder().build();

  private final int maxQueryLength;
  private final QueryGrammar.Limits limits;

  private QueryParser(Builder b) {
    this.maxQueryLength = b.maxQueryLength;
    this.limits = new QueryGrammar.Limits(b.maxDepth, b.maxInValues, b.maxLimit);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The parser with default limits. */
  public static QueryParser defaults() {
    return DEFAULT;
  }

  /** Parses and checks a full {@code SELECT} query with the default limits. */
  public static Query parse(String text) throws ParseException {
    return DEFAULT.parseQuery(text);
  }

  /** Parses and checks a full {@code SELECT} query. */
  public Query parseQuery(String text) throws ParseException {
    checkLength(text);
    return QueryGrammar.parseQuery(text, limits);
  }

  /** Parses a bare condition such as {@code level = 'ERROR' AND 'timeout'} into a filter. */
  public Filter parseCondition(String text) throws ParseException {
    checkLength(text);
    return QueryGrammar.parseCondition(text, limits);
  }

  public int maxLimit() {
    return limits.maxLimit();
  }

  private void checkLength(String text) {
    if (text.length() > maxQueryLength) {
      throw new ParseException(Position.of(text, maxQueryLength),
          "a query of at most " + maxQueryLength + " characters",
          "a query of " + text.length() + " characters");
    }
  }

  /** Limits of the parser; the defaults suit an HTTP API. */
  public static final class Builder {
    private int maxQueryLength = DEFAULT_MAX_QUERY_LENGTH;
    private int maxDepth = DEFAULT_MAX_DEPTH;
    private int maxInValues = DEFAULT_MAX_IN_VALUES;
    private int maxLimit = DEFAULT_MAX_LIMIT;

    private Builder() {}

    public Builder maxQueryLength(int v) { maxQueryLength = positive(v, "maxQueryLength"); return this; }
    public Builder maxDepth(int v) { maxDepth = positive(v, "maxDepth"); return this; }
    public Builder maxInValues(int v) { maxInValues = positive(v, "maxInValues"); return this; }
    public Builder maxLimit(int v) { maxLimit = positive(v, "maxLimit"); return this; }

    public QueryParser build() {
      return new QueryParser(this);
    }

    private static int positive(int v, String name) {
      if (v <= 0) {
        throw new IllegalArgumentException(name + " must be positive, got " + v);
      }
      return v;
    }
  }
}
