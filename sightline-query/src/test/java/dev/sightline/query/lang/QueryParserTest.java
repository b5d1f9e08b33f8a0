package dev.sightline.query.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.store.filter.CompareOp;
import dev.sightline.store.filter.Filter;
import dev.sightline.store.filter.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Valid queries and the AST they produce. */
class QueryParserTest {

  private static Filter where(String condition) {
    return QueryParser.parse("SELECT * FROM logs WHERE " + condition).where();
  }

  private static Filter cmp(String field, CompareOp op, Value v) {
    return new Filter.Compare(field, op, v);
  }

  @Test
  void seedExampleParsesAsWritten() {
    Query q = QueryParser.parse("SELECT count(*) FROM logs WHERE level = 'ERROR' AND region = 'US-EAST'");
    assertThat(q.dataset()).isEqualTo(Dataset.LOGS);
    assertThat(q.select()).singleElement().satisfies(item -> {
      SelectItem.AggregateItem a = (SelectItem.AggregateItem) item;
      assertThat(a.function()).isEqualTo(Aggregation.COUNT);
      assertThat(a.field()).isNull();
      assertThat(a.name()).isEqualTo("count(*)");
    });
    assertThat(q.where()).isEqualTo(Filter.and(
        Filter.eq("level", Value.of("ERROR")), Filter.eq("region", Value.of("US-EAST"))));
    assertThat(q.isAggregated()).isTrue();
    assertThat(q.columns()).containsExactly("count(*)");
  }

  @Test
  void keywordsAreCaseInsensitiveAndFieldsAreNot() {
    Query a = QueryParser.parse("select COUNT(*) from LOGS where Level = 'x' group by Svc order by Svc desc limit 5");
    assertThat(a.where()).isEqualTo(Filter.eq("level", Value.of("x"))); // well-known alias, canonicalised
    assertThat(a.groupBy()).singleElement().extracting(GroupKey::name).isEqualTo("Svc");
    assertThat(a.orderBy()).get().extracting(OrderBy::key, OrderBy::descending).containsExactly("Svc", true);
    assertThat(a.limit()).hasValue(5);
  }

  @Test
  void fullGrammarWithAllClauses() {
    Query q = QueryParser.parse("""
        SELECT service, count(*) AS n, count(http.route), count_distinct(trace_id),
               sum(bytes), avg(duration), min(duration), max(duration), percentile(duration, 0.99) AS p99
        FROM spans
        WHERE kind = 'SERVER' AND (status = 'ERROR' OR http.status_code >= 500)
        GROUP BY service, bucket(timestamp, '1m') AS minute
        ORDER BY p99 DESC
        LIMIT 20""");
    assertThat(q.dataset()).isEqualTo(Dataset.SPANS);
    assertThat(q.columns()).containsExactly("service", "minute", "n", "count(http.route)",
        "count_distinct(trace_id)", "sum(bytes)", "avg(duration)", "min(duration)", "max(duration)", "p99");
    assertThat(q.groupBy().get(1)).isInstanceOfSatisfying(GroupKey.BucketKey.class, b -> {
      assertThat(b.field()).isEqualTo("timestamp");
      assertThat(b.widthNanos()).isEqualTo(60_000_000_000L);
      assertThat(b.expression()).isEqualTo("bucket(timestamp, '1m')");
    });
    assertThat(((SelectItem.AggregateItem) q.select().get(8)).argument()).isEqualTo(0.99);
    assertThat(q.where()).isEqualTo(Filter.and(
        Filter.eq("kind", Value.of("SERVER")),
        Filter.or(Filter.eq("status", Value.of("ERROR")), cmp("http.status_code", CompareOp.GE, Value.of(500)))));
  }

  @Test
  void orderByMayNameAnAggregateExpressionOrAGroupField() {
    assertThat(QueryParser.parse("SELECT count(*) FROM logs GROUP BY service ORDER BY count(*) DESC").orderBy())
        .get().extracting(OrderBy::key).isEqualTo("count(*)");
    assertThat(QueryParser.parse("SELECT percentile(duration, 0.50) AS p FROM spans GROUP BY service "
        + "ORDER BY percentile(duration, 0.5)").orderBy()).get().extracting(OrderBy::key)
        .isEqualTo("percentile(duration, 0.5)");
    assertThat(QueryParser.parse("SELECT count(*) FROM logs GROUP BY bucket(timestamp, 5m) "
        + "ORDER BY bucket(timestamp, '5m')").groupBy().get(0).name()).isEqualTo("bucket(timestamp, '5m')");
    // Plain listing queries may order by any field, selected or not.
    assertThat(QueryParser.parse("SELECT message FROM logs ORDER BY timestamp").orderBy()).isPresent();
  }

  @Test
  void precedenceIsNotThenAndThenOr() {
    assertThat(where("a = 1 OR b = 2 AND NOT c = 3")).isEqualTo(Filter.or(
        Filter.eq("a", Value.of(1)),
        Filter.and(Filter.eq("b", Value.of(2)), Filter.not(Filter.eq("c", Value.of(3))))));
    assertThat(where("(a = 1 OR b = 2) AND c = 3")).isEqualTo(Filter.and(
        Filter.or(Filter.eq("a", Value.of(1)), Filter.eq("b", Value.of(2))), Filter.eq("c", Value.of(3))));
    assertThat(where("a = 1 AND b = 2 AND c = 3")).isEqualTo(Filter.and(
        Filter.eq("a", Value.of(1)), Filter.eq("b", Value.of(2)), Filter.eq("c", Value.of(3))));
    assertThat(where("NOT NOT a = 1")).isEqualTo(Filter.not(Filter.not(Filter.eq("a", Value.of(1)))));
  }

  @Test
  void everyPredicateForm() {
    assertThat(where("a != 'x'")).isEqualTo(cmp("a", CompareOp.NE, Value.of("x")));
    assertThat(where("a <> 'x'")).isEqualTo(cmp("a", CompareOp.NE, Value.of("x")));
    assertThat(where("a == 1")).isEqualTo(cmp("a", CompareOp.EQ, Value.of(1)));
    assertThat(where("a < 1")).isEqualTo(cmp("a", CompareOp.LT, Value.of(1)));
    assertThat(where("a <= -1.5")).isEqualTo(cmp("a", CompareOp.LE, Value.of(-1.5)));
    assertThat(where("a > 1e3")).isEqualTo(cmp("a", CompareOp.GT, Value.of(1000.0)));
    assertThat(where("a >= 9223372036854775807")).isEqualTo(cmp("a", CompareOp.GE, Value.of(Long.MAX_VALUE)));
    assertThat(where("ok = TRUE")).isEqualTo(Filter.eq("ok", Value.of(true)));
    assertThat(where("ok != false")).isEqualTo(cmp("ok", CompareOp.NE, Value.of(false)));
    assertThat(where("level IN ('ERROR', 'WARN')"))
        .isEqualTo(new Filter.In("level", List.of(Value.of("ERROR"), Value.of("WARN"))));
    assertThat(where("code NOT IN (1, 2.5)"))
        .isEqualTo(Filter.not(new Filter.In("code", List.of(Value.of(1), Value.of(2.5)))));
    assertThat(where("message CONTAINS 'time out'")).isEqualTo(new Filter.Contains("message", "time out"));
    assertThat(where("path LIKE '/api/%'")).isEqualTo(new Filter.Like("path", "/api/%"));
    assertThat(where("path NOT LIKE '/health%'")).isEqualTo(Filter.not(new Filter.Like("path", "/health%")));
    assertThat(where("user MATCHES '[a-z]+\\d'")).isEqualTo(new Filter.Matches("user", "[a-z]+\\d"));
    assertThat(where("user.id EXISTS")).isEqualTo(new Filter.Exists("user.id"));
    assertThat(where("user.id NOT EXISTS")).isEqualTo(Filter.not(new Filter.Exists("user.id")));
    assertThat(where("'connection refused'")).isEqualTo(new Filter.MessageContains("connection refused"));
    assertThat(where("level = 'ERROR' AND 'timeout'")).isEqualTo(Filter.and(
        Filter.eq("level", Value.of("ERROR")), new Filter.MessageContains("timeout")));
  }

  @Test
  void durationsAndTimestamps() {
    assertThat(where("duration > 250ms")).isEqualTo(cmp("duration", CompareOp.GT, Value.of(250_000_000L)));
    assertThat(where("duration > 1.5s")).isEqualTo(cmp("duration", CompareOp.GT, Value.of(1_500_000_000L)));
    assertThat(where("duration <= 10us")).isEqualTo(cmp("duration", CompareOp.LE, Value.of(10_000L)));
    assertThat(where("timestamp >= '2026-11-23T19:30:00.5Z'"))
        .isEqualTo(cmp("timestamp", CompareOp.GE, Value.of(1_795_462_200_500_000_000L)));
    assertThat(QueryParser.parse("SELECT count(*) FROM logs GROUP BY bucket(timestamp, '1h30m')").groupBy().get(0))
        .isInstanceOfSatisfying(GroupKey.BucketKey.class, b -> assertThat(b.widthNanos()).isEqualTo(5_400_000_000_000L));
  }

  @Test
  void fieldNamesMayBeDottedHyphenatedOrQuoted() {
    assertThat(where("resource.service.name = 'checkout'")).isEqualTo(Filter.eq("service", Value.of("checkout")));
    assertThat(where("http.status_code = 503")).isEqualTo(Filter.eq("http.status_code", Value.of(503)));
    assertThat(where("x-request-id = 'r1'")).isEqualTo(Filter.eq("x-request-id", Value.of("r1")));
    assertThat(where("`weird name` = 1")).isEqualTo(Filter.eq("weird name", Value.of(1)));
    assertThat(where("\"select\" = 1")).isEqualTo(Filter.eq("select", Value.of(1))); // a keyword, quoted
    assertThat(where("`a``b` = 1")).isEqualTo(Filter.eq("a`b", Value.of(1)));
    assertThat(where("\"a\"\"b\" = 1")).isEqualTo(Filter.eq("a\"b", Value.of(1)));
    assertThat(where("@timestamp > 0")).isEqualTo(cmp("timestamp", CompareOp.GT, Value.of(0)));
  }

  @Test
  void stringLiteralsAreDataWithQuotesBackslashesAndUnicodeIntact() {
    assertThat(where("m = 'it''s'")).isEqualTo(Filter.eq("m", Value.of("it's")));
    assertThat(where("m = ''''")).isEqualTo(Filter.eq("m", Value.of("'")));
    assertThat(where("m = ''")).isEqualTo(Filter.eq("m", Value.of("")));
    assertThat(where("m = 'C:\\temp\\'")).isEqualTo(Filter.eq("m", Value.of("C:\\temp\\")));
    assertThat(where("m = '\" OR 1=1 --'")).isEqualTo(Filter.eq("m", Value.of("\" OR 1=1 --")));
    assertThat(where("m = '*:* OR level:*'")).isEqualTo(Filter.eq("m", Value.of("*:* OR level:*")));
    assertThat(where("m = '日本語 🙂 é\n2nd line'")).isEqualTo(Filter.eq("m", Value.of("日本語 🙂 é\n2nd line")));
    assertThat(where("m = '\u0000'")).isEqualTo(Filter.eq("m", Value.of("\u0000")));
  }

  @Test
  void starAndPlainListingsAreNotAggregated() {
    Query q = QueryParser.parse("SELECT * FROM logs");
    assertThat(q.selectsAll()).isTrue();
    assertThat(q.isAggregated()).isFalse();
    assertThat(q.where()).isEqualTo(Filter.matchAll());
    Query p = QueryParser.parse("SELECT timestamp, message AS m FROM logs ORDER BY timestamp DESC LIMIT 10");
    assertThat(p.columns()).containsExactly("timestamp", "m");
    // Grouping without aggregates is allowed: distinct values of the keys.
    assertThat(QueryParser.parse("SELECT service FROM logs GROUP BY service").isAggregated()).isTrue();
  }

  @Test
  void queryCanBeNarrowedToATimeRange() {
    Query q = QueryParser.parse("SELECT * FROM logs WHERE level = 'ERROR'").withTimeRange(10, 20);
    assertThat(q.where()).isEqualTo(Filter.and(Filter.eq("level", Value.of("ERROR")), new Filter.TimeRange(10, 20)));
    assertThat(QueryParser.parse("SELECT * FROM logs").withTimeRange(1, 2).where()).isEqualTo(new Filter.TimeRange(1, 2));
  }
}
