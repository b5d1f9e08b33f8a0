package dev.sightline.store.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The conformance suite for translations of {@link Filter} (to Lucene, to OpenSearch): a backend indexes
 * the rows it is given and answers each filter with the row numbers it selects; the suite checks that
 * this is exactly what {@link FilterEvaluator} selects. The fixture rows are chosen to hit every
 * documented edge (missing fields, type families, NE, multi-valued fields, code point order, token
 * phrases, LIKE escapes, anchored regexes, NaN, the half-open time range); a random part combines them.
 *
 * <p>Bind it in the backend's tests: {@code class LuceneFilterConformanceTest extends
 * FilterConformanceSuite { ... }}. A backend that cannot support a filter must not fork the suite; it
 * overrides {@link #supports(Filter)} with a stated reason.
 */
public abstract class FilterConformanceSuite {

  /** A backend's view of the indexed rows. */
  public interface Searcher extends AutoCloseable {
    /** Numbers (indexes into the indexed list) of the rows that match. */
    Set<Integer> search(Filter filter) throws Exception;

    @Override
    default void close() throws java.io.IOException {}
  }

  /** Indexes the rows; row {@code i} of the list is row number {@code i}. */
  protected abstract Searcher index(List<Map<String, Object>> rows) throws Exception;

  /** Whether the backend claims to support this filter; override only with a documented reason. */
  protected boolean supports(Filter filter) {
    return true;
  }

  private final List<Searcher> open = new ArrayList<>();

  @AfterEach
  void closeSearchers() throws java.io.IOException {
    for (Searcher c : open) {
      c.close();
    }
    open.clear();
  }

  private static Map<String, Object> row(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /** The fixture: every row is there to make some filter interesting. */
  public static List<Map<String, Object>> fixtureRows() {
    return List.of(
        row("timestamp", 1_000L, "level", "ERROR", "message", "Payment FAILED: card_declined (code=51)",
            "service", "cart", "http.status_code", 500L, "region", "US-EAST", "ok", true, "score", 1.5,
            "tags", List.of("a", "b")),
        row("timestamp", 2_000L, "level", "error", "message", "time-out after 3s", "service", "checkout",
            "http.status_code", "500", "region", "us-east", "ok", false, "score", 2L, "tags", "a"),
        row("timestamp", 3_000L, "level", "WARN", "message", "Ünïcödé 東京 🙂 TIMEOUT", "service", "cart",
            "http.status_code", 404L, "score", Double.NaN, "big", 9_007_199_254_740_993L),
        row("timestamp", 4_000L, "level", "INFO", "message", "", "service", "auth", "region", "EU",
            "path", "/api/100%", "big", 9_007_199_254_740_992L),
        row("message", "no timestamp GET /api/users", "service", "edge", "path", "/api/users", "region", "\uFFFD"),
        row("timestamp", 5_000L, "level", "DEBUG", "region", "\uD83D\uDE00", "path", "/API/users", "user", "alice42",
            "score", -0.5),
        row("timestamp", -1L, "service", "cart", "user", "bob", "tags", List.of("c")),
        // Compounds (no whitespace, several tokens), with letters that lowercase across scripts: the Kelvin
        // sign to k, dotted capital I to i; single tokens in capitals outside the message.
        row("timestamp", 6_000L, "host", "\u212Aube-\u0130o-Node7", "region", "Ünï-East", "code", "OK",
            "tags", List.of("Alpha", "beta-Gamma"), "user", "x".repeat(300)));
  }

  private static Filter cmp(String f, CompareOp op, Value v) {
    return new Filter.Compare(f, op, v);
  }

  /** One or more filters per node and per documented edge. */
  public static List<Filter> catalog() {
    List<Filter> out = new ArrayList<>();
    for (CompareOp op : CompareOp.values()) {
      out.add(cmp("level", op, Value.of("ERROR")));
      out.add(cmp("http.status_code", op, Value.of(500)));
      out.add(cmp("http.status_code", op, Value.of(500.0)));
      out.add(cmp("region", op, Value.of("US-EAST")));
      out.add(cmp("region", op, Value.of("\uD83D\uDE00")));
      out.add(cmp("score", op, Value.of(1.5)));
      out.add(cmp("score", op, Value.of(2)));
      out.add(cmp("big", op, Value.of((double) 9_007_199_254_740_992L)));
      out.add(cmp("big", op, Value.of(9_007_199_254_740_993L)));
      out.add(cmp("tags", op, Value.of("a")));
      out.add(cmp("timestamp", op, Value.of(2_000L)));
    }
    out.add(Filter.eq("ok", Value.of(true)));
    out.add(cmp("ok", CompareOp.NE, Value.of(true)));
    out.add(Filter.eq("http.status_code", Value.of("500")));
    out.add(new Filter.In("http.status_code", List.of(Value.of(404), Value.of("500"))));
    out.add(new Filter.In("service", List.of(Value.of("cart"), Value.of("edge"))));
    out.add(new Filter.In("tags", List.of(Value.of("c"), Value.of("zzz"))));
    for (String text : List.of("failed", "card declined", "declined card", "time out", "timeout", "TIME", "東京",
        "ünïcödé", "51", "fail", "api users", "GET")) {
      out.add(new Filter.MessageContains(text));
      out.add(new Filter.Contains("message", text));
    }
    out.add(new Filter.Contains("path", "api"));
    out.add(new Filter.Contains("http.status_code", "500"));
    for (String text : List.of("kube", "KUBE", "io node7", "node7 io", "ube", "ünï", "east", "ok", "error", "alpha",
        "gamma", "beta gamma", "x", "xx", "api 100", "users")) {
      for (String field : List.of("host", "region", "code", "level", "tags", "path", "user")) {
        out.add(new Filter.Contains(field, text));
      }
    }
    out.add(new Filter.Contains("user", "x".repeat(255)));
    out.add(Filter.not(new Filter.Contains("host", "kube")));
    for (String p : List.of("/api/%", "%users", "/api/100\\%", "/api/100%", "_art", "c%", "%", "", "/API/%",
        "%a%i%", "cart")) {
      out.add(new Filter.Like("path", p));
      out.add(new Filter.Like("service", p));
    }
    for (String re : List.of("c.*", "art", ".*art", "(?i)/api/.*", "[a-z]+\\d+", "US-.*", ".+")) {
      out.add(new Filter.Matches("service", re));
      out.add(new Filter.Matches("path", re));
      out.add(new Filter.Matches("user", re));
      out.add(new Filter.Matches("region", re));
    }
    for (String f : List.of("region", "timestamp", "tags", "message", "nope", "score")) {
      out.add(new Filter.Exists(f));
      out.add(Filter.not(new Filter.Exists(f)));
    }
    out.add(Filter.matchAll());
    out.add(new Filter.TimeRange(1_000, 3_000));
    out.add(new Filter.TimeRange(-1, 0));
    out.add(new Filter.TimeRange(Long.MIN_VALUE, Long.MAX_VALUE));
    out.add(Filter.not(Filter.eq("region", Value.of("US-EAST"))));
    out.add(Filter.not(cmp("region", CompareOp.NE, Value.of("US-EAST"))));
    out.add(Filter.and(Filter.eq("service", Value.of("cart")), Filter.not(new Filter.MessageContains("timeout"))));
    out.add(Filter.or(Filter.eq("level", Value.of("ERROR")), new Filter.Exists("user")));
    out.add(new Filter.And(List.of()));
    out.add(new Filter.Or(List.of()));
    out.add(Filter.not(Filter.or(Filter.eq("service", Value.of("cart")), new Filter.TimeRange(0, 2_500))));
    return out;
  }

  @TestFactory
  Stream<DynamicTest> everyCatalogFilterSelectsExactlyWhatTheReferenceSelects() throws Exception {
    List<Map<String, Object>> rows = fixtureRows();
    Searcher searcher = index(rows);
    open.add(searcher);
    return catalog().stream().filter(this::supports).map(f -> DynamicTest.dynamicTest(f.toString(),
        () -> assertThat(new TreeSet<>(searcher.search(f))).as(f.toString()).isEqualTo(expected(f, rows))));
  }

  @Test
  void randomCombinationsSelectExactlyWhatTheReferenceSelects() throws Exception {
    List<Map<String, Object>> rows = fixtureRows();
    Searcher searcher = index(rows);
    open.add(searcher);
    List<Filter> leaves = catalog().stream().filter(this::supports).toList();
    Random rnd = new Random(42);
    for (int i = 0; i < 300; i++) {
      Filter f = combine(rnd, leaves, 3);
      assertThat(new TreeSet<>(searcher.search(f))).as(f.toString()).isEqualTo(expected(f, rows));
    }
  }

  private static Filter combine(Random rnd, List<Filter> leaves, int depth) {
    if (depth == 0 || rnd.nextInt(3) == 0) {
      return leaves.get(rnd.nextInt(leaves.size()));
    }
    return switch (rnd.nextInt(3)) {
      case 0 -> Filter.and(combine(rnd, leaves, depth - 1), combine(rnd, leaves, depth - 1));
      case 1 -> Filter.or(combine(rnd, leaves, depth - 1), combine(rnd, leaves, depth - 1));
      default -> Filter.not(combine(rnd, leaves, depth - 1));
    };
  }

  private static Set<Integer> expected(Filter f, List<Map<String, Object>> rows) {
    FilterEvaluator eval = FilterEvaluator.of(f);
    Set<Integer> out = new LinkedHashSet<>();
    for (int i = 0; i < rows.size(); i++) {
      if (eval.test(rows.get(i))) {
        out.add(i);
      }
    }
    return new TreeSet<>(out);
  }
}
