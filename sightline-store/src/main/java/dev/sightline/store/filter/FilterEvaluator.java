package dev.sightline.store.filter;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The reference evaluator of {@link Filter}s over in-memory rows: the executable definition of the
 * semantics documented in the {@linkplain dev.sightline.store.filter package documentation}, and the
 * oracle that storage translations are tested against.
 *
 * <p>Build once per filter ({@link #of(Filter)} compiles regular expressions and LIKE patterns), then
 * call {@link #test(Map)} per row. Instances are immutable and thread-safe.
 */
public final class FilterEvaluator {
  /** Matching steps (regex, LIKE, phrase) allowed per value and per character of it, before giving up. */
  private static final long BASE_BUDGET = 1_000_000;
  private static final long BUDGET_PER_CHAR = 100;

  private static long budget(String value) {
    return BASE_BUDGET + BUDGET_PER_CHAR * value.length();
  }

  private interface Node {
    boolean test(Map<String, ?> row);
  }

  private final Filter filter;
  private final Node root;

  private FilterEvaluator(Filter filter) {
    this.filter = filter;
    this.root = compile(filter);
  }

  public static FilterEvaluator of(Filter filter) {
    return new FilterEvaluator(filter);
  }

  /** One-shot convenience: {@code of(filter).test(row)}. */
  public static boolean matches(Filter filter, Map<String, ?> row) {
    return of(filter).test(row);
  }

  public Filter filter() {
    return filter;
  }

  /**
   * Whether the row matches. Throws {@link FilterEvaluationException} when matching a regular expression,
   * a LIKE pattern or a CONTAINS phrase exceeds its step budget on a value (1,000,000 steps plus 100 per
   * character of the value).
   */
  public boolean test(Map<String, ?> row) {
    return root.test(row);
  }

  private static Node compile(Filter f) {
    return switch (f) {
      case Filter.And and -> {
        List<Node> ops = and.operands().stream().map(FilterEvaluator::compile).toList();
        yield row -> {
          for (Node n : ops) {
            if (!n.test(row)) {
              return false;
            }
          }
          return true;
        };
      }
      case Filter.Or or -> {
        List<Node> ops = or.operands().stream().map(FilterEvaluator::compile).toList();
        yield row -> {
          for (Node n : ops) {
            if (n.test(row)) {
              return true;
            }
          }
          return false;
        };
      }
      case Filter.Not not -> {
        Node op = compile(not.operand());
        yield row -> !op.test(row);
      }
      case Filter.Compare c -> row -> compare(values(row, c.field()), c.op(), c.value());
      case Filter.In in -> row -> {
        List<Object> vs = values(row, in.field());
        for (Value v : in.values()) {
          if (compare(vs, CompareOp.EQ, v)) {
            return true;
          }
        }
        return false;
      };
      case Filter.Contains c -> contains(c.field(), c.text());
      case Filter.MessageContains m -> contains(Fields.MESSAGE, m.text());
      case Filter.Like like -> {
        LikePattern p = LikePattern.compile(like.pattern());
        yield row -> anyString(values(row, like.field()), v -> p.matches(v, budget(v)));
      }
      case Filter.Matches m -> {
        Pattern p = m.pattern();
        yield row -> anyString(values(row, m.field()), s -> regexMatches(p, s));
      }
      case Filter.Exists e -> row -> !values(row, e.field()).isEmpty();
      case Filter.MatchAll ignored -> row -> true;
      case Filter.TimeRange t -> row -> {
        for (Object v : values(row, Fields.TIMESTAMP)) {
          if ((v instanceof Long l) && l >= t.startEpochNanos() && l < t.endEpochNanos()) {
            return true;
          }
        }
        return false;
      };
    };
  }

  private static Node contains(String field, String text) {
    List<String> needle = TextTokenizer.tokens(text);
    return row -> anyString(values(row, field),
        s -> TextTokenizer.containsPhrase(TextTokenizer.tokens(s), needle, budget(s)));
  }

  private interface StringTest {
    boolean test(String s);
  }

  private static boolean anyString(List<Object> values, StringTest test) {
    for (Object v : values) {
      if (v instanceof String s && test.test(s)) {
        return true;
      }
    }
    return false;
  }

  /** The field's values, normalised: Long, Double, String or Boolean; several for a multi-valued field. */
  static List<Object> values(Map<String, ?> row, String field) {
    Object raw = Fields.lookup(row, field);
    if (raw == null) {
      return List.of();
    }
    if (raw instanceof Collection<?> c) {
      List<Object> out = new ArrayList<>(c.size());
      for (Object e : c) {
        if (e != null) {
          out.add(normalise(e));
        }
      }
      return out;
    }
    return List.of(normalise(raw));
  }

  /** Integers of any width become Long, other numbers Double, anything unknown its string form. */
  public static Object normalise(Object v) {
    return switch (v) {
      case Long l -> l;
      case Integer i -> (long) i;
      case Short s -> (long) s;
      case Byte b -> (long) b;
      case Double d -> d;
      case Number n -> n.doubleValue();
      case String s -> s;
      case Boolean b -> b;
      default -> v.toString();
    };
  }

  private static boolean compare(List<Object> values, CompareOp op, Value literal) {
    boolean sameFamilySeen = false;
    for (Object v : values) {
      Integer cmp = compareSameFamily(v, literal);
      if (cmp == null) {
        continue;
      }
      sameFamilySeen = true;
      switch (op) {
        case EQ -> {
          if (cmp == 0) return true;
        }
        case NE -> {
          if (cmp == 0) return false;
        }
        case LT -> {
          if (cmp < 0) return true;
        }
        case LE -> {
          if (cmp <= 0) return true;
        }
        case GT -> {
          if (cmp > 0) return true;
        }
        case GE -> {
          if (cmp >= 0) return true;
        }
      }
    }
    return op == CompareOp.NE && sameFamilySeen;
  }

  /** sign(fieldValue - literal), or null when they are of different families or either is NaN. */
  static Integer compareSameFamily(Object v, Value literal) {
    return switch (literal) {
      case Value.StringValue s -> v instanceof String str ? Integer.signum(compareCodePoints(str, s.value())) : null;
      case Value.BooleanValue b -> v instanceof Boolean bool ? Boolean.compare(bool, b.value()) : null;
      case Value.LongValue l -> v instanceof Number n ? compareNumbers(n, l.value()) : null;
      case Value.DoubleValue d -> v instanceof Number n ? compareNumbers(n, d.value()) : null;
    };
  }

  /** Exact numeric comparison; null when either side is NaN. Public so that ordering agrees with it. */
  public static Integer compareNumbers(Number a, Number b) {
    if (a instanceof Long x && b instanceof Long y) {
      return Long.compare(x, y);
    }
    double da = a.doubleValue();
    double db = b.doubleValue();
    if (Double.isNaN(da) || Double.isNaN(db)) {
      return null;
    }
    if (Double.isInfinite(da) || Double.isInfinite(db)) {
      return Double.compare(da, db) == 0 ? 0 : Integer.signum(Double.compare(da, db));
    }
    BigDecimal ba = a instanceof Long x ? BigDecimal.valueOf(x) : new BigDecimal(da);
    BigDecimal bb = b instanceof Long y ? BigDecimal.valueOf(y) : new BigDecimal(db);
    return Integer.signum(ba.compareTo(bb));
  }

  /** Unicode code point order, which is also UTF-8 byte order (Lucene's term order). */
  public static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static boolean regexMatches(Pattern p, String s) {
    return p.matcher(new BudgetedChars(s, budget(s), p.pattern())).matches();
  }

  /** A CharSequence that counts reads, so that catastrophic backtracking ends in a clean error. */
  private static final class BudgetedChars implements CharSequence {
    private final String s;
    private final String regex;
    private long remaining;

    BudgetedChars(String s, long budget, String regex) {
      this.s = s;
      this.remaining = budget;
      this.regex = regex;
    }

    @Override
    public char charAt(int index) {
      if (--remaining < 0) {
        throw new FilterEvaluationException("regular expression '" + abbreviate(regex)
            + "' needs too many steps on a value of " + s.length() + " characters; simplify it");
      }
      return s.charAt(index);
    }

    @Override
    public int length() {
      return s.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return s.subSequence(start, end);
    }

    @Override
    public String toString() {
      return s;
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
