package dev.sightline.store.filter;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A storage-neutral row predicate: what the {@code WHERE} clause of a Sightline query compiles to, and
 * what an event store translates into its own engine's query (Lucene, OpenSearch).
 *
 * <p>The semantics of every node are defined precisely in the {@linkplain dev.sightline.store.filter
 * package documentation} and implemented by {@link FilterEvaluator}, the reference every translation is
 * tested against. In short: logic is two-valued; a leaf on a missing field is {@code false}; {@link Not}
 * is the plain complement; a multi-valued field matches a leaf when any element does.
 *
 * <p>Field names are canonical ({@link Fields#canonical(String)}). Instances are immutable and compare by
 * value.
 */
public sealed interface Filter
    permits Filter.And, Filter.Or, Filter.Not, Filter.Compare, Filter.In, Filter.Contains, Filter.Like,
        Filter.Matches, Filter.Exists, Filter.MessageContains, Filter.MatchAll, Filter.TimeRange {

  /** Longest pattern or text accepted by {@link Like}, {@link Matches}, {@link Contains} and {@link MessageContains}. */
  int MAX_PATTERN_LENGTH = 4096;

  static Filter and(Filter... filters) {
    return new And(List.of(filters));
  }

  static Filter or(Filter... filters) {
    return new Or(List.of(filters));
  }

  static Filter not(Filter filter) {
    return new Not(filter);
  }

  static Filter eq(String field, Value value) {
    return new Compare(field, CompareOp.EQ, value);
  }

  static Filter matchAll() {
    return new MatchAll();
  }

  /** True when every operand is true; an empty {@code And} is true. */
  record And(List<Filter> operands) implements Filter {
    public And {
      operands = List.copyOf(operands);
    }
  }

  /** True when at least one operand is true; an empty {@code Or} is false. */
  record Or(List<Filter> operands) implements Filter {
    public Or {
      operands = List.copyOf(operands);
    }
  }

  /** The complement: true exactly when the operand is false (so it matches rows missing the field). */
  record Not(Filter operand) implements Filter {
    public Not {
      Objects.requireNonNull(operand, "operand");
    }
  }

  /**
   * {@code field op value}. Values compare only within a type family (numbers with numbers, strings with
   * strings, booleans with booleans); a field value of another family, or a missing field, is false for
   * every operator including {@code NE}. {@code NE} means "the field has a value of the literal's family
   * and no value equal to it".
   */
  record Compare(String field, CompareOp op, Value value) implements Filter {
    public Compare {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(value, "value");
    }
  }

  /** Exactly {@code Or(Compare(field, EQ, v) for v in values)}; the list is never empty. */
  record In(String field, List<Value> values) implements Filter {
    public In {
      Objects.requireNonNull(field, "field");
      values = List.copyOf(values);
      if (values.isEmpty()) {
        throw new IllegalArgumentException("IN needs at least one value");
      }
    }
  }

  /**
   * The field's string value contains the text as a sequence of whole tokens, case-insensitively
   * (a phrase match; see {@link TextTokenizer}). The text must yield at least one token.
   */
  record Contains(String field, String text) implements Filter {
    public Contains {
      Objects.requireNonNull(field, "field");
      if (text.length() > MAX_PATTERN_LENGTH) {
        throw new IllegalArgumentException("CONTAINS text longer than " + MAX_PATTERN_LENGTH + " characters");
      }
      if (TextTokenizer.tokens(text).isEmpty()) {
        throw new IllegalArgumentException("CONTAINS needs text with at least one letter or digit");
      }
    }
  }

  /**
   * SQL {@code LIKE} over the whole string value, case-sensitive: {@code %} matches any sequence of
   * characters (including none), {@code _} exactly one code point, {@code \} escapes the next character.
   */
  record Like(String field, String pattern) implements Filter {
    public Like {
      Objects.requireNonNull(field, "field");
      if (pattern.length() > MAX_PATTERN_LENGTH) {
        throw new IllegalArgumentException("LIKE pattern longer than " + MAX_PATTERN_LENGTH + " characters");
      }
    }
  }

  /**
   * The whole string value matches the regular expression (Java syntax, anchored at both ends as by
   * {@link java.util.regex.Matcher#matches()}, case-sensitive unless the pattern says {@code (?i)}).
   */
  record Matches(String field, String regex) implements Filter {
    public Matches {
      Objects.requireNonNull(field, "field");
      if (regex.length() > MAX_PATTERN_LENGTH) {
        throw new IllegalArgumentException("regular expression longer than " + MAX_PATTERN_LENGTH + " characters");
      }
      Pattern.compile(regex); // throws PatternSyntaxException (an IllegalArgumentException) when invalid
    }

    /** The compiled pattern; compiled per call, callers that loop cache it. */
    public Pattern pattern() throws PatternSyntaxException {
      return Pattern.compile(regex);
    }
  }

  /** The row has the field with a non-null value (an empty string counts, an empty list does not). */
  record Exists(String field) implements Filter {
    public Exists {
      Objects.requireNonNull(field, "field");
    }
  }

  /** Exactly {@code Contains("message", text)}; its own node so that a store can use a full-text field. */
  record MessageContains(String text) implements Filter {
    public MessageContains {
      if (text.length() > MAX_PATTERN_LENGTH) {
        throw new IllegalArgumentException("search text longer than " + MAX_PATTERN_LENGTH + " characters");
      }
      if (TextTokenizer.tokens(text).isEmpty()) {
        throw new IllegalArgumentException("message search needs text with at least one letter or digit");
      }
    }
  }

  /** Every row. */
  record MatchAll() implements Filter {}

  /**
   * {@code startEpochNanos <= timestamp < endEpochNanos}, on the {@code timestamp} field (nanoseconds
   * since the epoch). A row without a numeric timestamp does not match.
   */
  record TimeRange(long startEpochNanos, long endEpochNanos) implements Filter {
    public TimeRange {
      if (endEpochNanos < startEpochNanos) {
        throw new IllegalArgumentException("time range ends before it starts");
      }
    }
  }
}
