package dev.sightline.query.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.store.filter.CompareOp;
import dev.sightline.store.filter.Fields;
import dev.sightline.store.filter.Filter;
import dev.sightline.store.filter.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rendering and re-parsing random filters full of hostile values gives the same filter back: values are
 * data at every step, whatever quotes, backslashes or keywords they contain.
 */
class QueryTextTest {
  private static final List<String> FIELDS = List.of("level", "http.status_code", "x-request-id", "weird name",
      "a`b", "select", "日本", "@ts", "a\"b", "resource.k8s.pod.name", "AND", "1st");
  private static final List<String> NASTY = List.of("'", "''", "\\", "\\'", "\"", "`", "%", "_", "*:*", " OR 1=1 --",
      "'; DROP TABLE logs; --", "\n", "\t", "\u0000", "é", "日本語", "🙂", "\uFFFD", "SELECT", "AND", ")", "(", "abc");
  private static final List<String> REGEXES = List.of("a.*", "(?i)err(or)?", "[a-z]+\\d{2,}", "it's", "\\Q'\\E",
      "x|y|'z'");

  private static String nasty(Random rnd) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0, n = rnd.nextInt(5); i < n; i++) {
      sb.append(NASTY.get(rnd.nextInt(NASTY.size())));
    }
    return sb.toString();
  }

  private static Value value(Random rnd) {
    return switch (rnd.nextInt(5)) {
      case 0 -> Value.of(nasty(rnd));
      case 1 -> Value.of(rnd.nextBoolean() ? rnd.nextLong() : (rnd.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE));
      case 2 -> Value.of(rnd.nextBoolean() ? rnd.nextGaussian() * 1e-9 : rnd.nextDouble() * 1e300);
      case 3 -> Value.of(rnd.nextInt(1000) - 500);
      default -> Value.of(rnd.nextBoolean());
    };
  }

  private static Filter leaf(Random rnd) {
    String field = FIELDS.get(rnd.nextInt(FIELDS.size()));
    return switch (rnd.nextInt(8)) {
      case 0, 1 -> {
        Value v = value(rnd);
        CompareOp op = CompareOp.values()[rnd.nextInt(v instanceof Value.BooleanValue ? 2 : 6)];
        yield new Filter.Compare(field, op, v);
      }
      case 2 -> {
        List<Value> values = new ArrayList<>();
        for (int i = 0, n = 1 + rnd.nextInt(4); i < n; i++) {
          values.add(value(rnd));
        }
        yield new Filter.In(field, values);
      }
      case 3 -> new Filter.Contains(field, nasty(rnd) + " x1 " + nasty(rnd));
      case 4 -> new Filter.Like(field, nasty(rnd));
      case 5 -> new Filter.Matches(field, REGEXES.get(rnd.nextInt(REGEXES.size())));
      case 6 -> new Filter.Exists(field);
      default -> new Filter.MessageContains(nasty(rnd) + "word" + nasty(rnd));
    };
  }

  private static Filter tree(Random rnd, int depth) {
    if (depth == 0 || rnd.nextInt(4) == 0) {
      return leaf(rnd);
    }
    return switch (rnd.nextInt(3)) {
      case 0 -> new Filter.And(List.of(tree(rnd, depth - 1), tree(rnd, depth - 1), tree(rnd, depth - 1)));
      case 1 -> new Filter.Or(List.of(tree(rnd, depth - 1), tree(rnd, depth - 1)));
      default -> new Filter.Not(tree(rnd, depth - 1));
    };
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void randomHostileFiltersSurviveARoundTrip(int seed) {
    assertThat(FIELDS).allSatisfy(f -> assertThat(Fields.canonical(f)).isEqualTo(f));
    Random rnd = new Random(seed);
    for (int i = 0; i < 200; i++) {
      Filter f = tree(rnd, 4);
      String text = QueryText.of(f);
      assertThat(QueryParser.defaults().parseCondition(text)).as(text).isEqualTo(f);
    }
  }

  @Test
  void queriesSurviveARoundTrip() {
    for (String q : List.of(
        "SELECT count(*) FROM logs WHERE level = 'ERROR' AND region = 'US-EAST'",
        "SELECT * FROM spans",
        "SELECT service, percentile(duration, 0.999) AS `p 99.9`, count_distinct(trace_id) FROM spans "
            + "WHERE NOT (status = 'OK' OR kind IN ('CLIENT', 'PRODUCER')) GROUP BY service, "
            + "bucket(timestamp, '5m') AS t ORDER BY `p 99.9` DESC LIMIT 7",
        "SELECT count(*) FROM logs GROUP BY `order` ORDER BY count(*)",
        "SELECT timestamp, message AS `select` FROM logs WHERE 'it''s down' ORDER BY `select` LIMIT 3")) {
      Query parsed = QueryParser.parse(q);
      String text = QueryText.of(parsed);
      Query again = QueryParser.parse(text);
      assertThat(QueryText.of(again)).as(q).isEqualTo(text);
      assertThat(again.where()).isEqualTo(parsed.where());
      assertThat(again.columns()).isEqualTo(parsed.columns());
    }
    assertThat(QueryText.of(QueryParser.parse("select COUNT(*) from LOGS where Body contains 'x' limit 5")))
        .isEqualTo("SELECT count(*) FROM logs WHERE message CONTAINS 'x' LIMIT 5");
  }

  @Test
  void timeRangeAndMatchAllAreWrittenAsEquivalentConditions() {
    assertThat(QueryText.of(new Filter.TimeRange(5, 10))).isEqualTo("(timestamp >= 5 AND timestamp < 10)");
    assertThat(QueryParser.defaults().parseCondition(QueryText.of(Filter.matchAll())))
        .isEqualTo(Filter.or(new Filter.Exists("timestamp"), Filter.not(new Filter.Exists("timestamp"))));
  }
}
