package dev.sightline.query.lang.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.query.lang.QueryParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The executor (the oracle the event store is checked against) is itself checked here against plain
 * Java-stream computations, written independently of it, over random records and random conditions.
 */
class ReferenceEvaluatorOracleTest {
  private static final String[] LEVELS = {"ERROR", "WARN", "INFO", "DEBUG", "error"};
  private static final String[] SERVICES = {"cart", "checkout", "auth", "edge", "payments", "catalog"};
  private static final String[] REGIONS = {"US-EAST", "US-WEST", "EU", "日本"};
  private static final String[] WORDS = {"timeout", "payment", "declined", "retry", "cache", "miss", "db", "ok"};
  private static final long BASE = 1_795_460_000_000_000_000L;
  private static final long MINUTE = 60_000_000_000L;

  private final QueryExecutor executor = QueryExecutor.builder().maxResultRows(100_000).build();

  /** A condition as query text plus the same condition written as a plain Java predicate. */
  private record Cond(String text, Predicate<Map<String, Object>> test) {}

  private static List<Map<String, Object>> records(Random rnd, int n) {
    List<Map<String, Object>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Map<String, Object> r = new HashMap<>();
      r.put("timestamp", BASE + rnd.nextLong(60 * MINUTE));
      r.put("level", LEVELS[rnd.nextInt(LEVELS.length)]);
      r.put("service", SERVICES[rnd.nextInt(SERVICES.length)]);
      if (rnd.nextInt(5) > 0) {
        r.put("region", REGIONS[rnd.nextInt(REGIONS.length)]);
      }
      r.put("duration", (long) rnd.nextInt(2_000_000_000));
      switch (rnd.nextInt(4)) {
        case 0 -> r.put("http.status_code", "500"); // a string: never equal to the number 500
        case 1 -> { } // missing
        default -> r.put("http.status_code", (long) (new int[] {200, 201, 404, 500, 503})[rnd.nextInt(5)]);
      }
      if (rnd.nextBoolean()) {
        r.put("score", rnd.nextDouble() * 100);
      }
      if (rnd.nextInt(3) == 0) {
        r.put("tags", List.of(WORDS[rnd.nextInt(WORDS.length)], WORDS[rnd.nextInt(WORDS.length)]));
      }
      StringBuilder msg = new StringBuilder();
      for (int w = 0, words = 1 + rnd.nextInt(6); w < words; w++) {
        String word = WORDS[rnd.nextInt(WORDS.length)];
        msg.append(rnd.nextBoolean() ? word.toUpperCase(Locale.ROOT) : word).append(rnd.nextBoolean() ? " " : ": ");
      }
      r.put("message", msg.toString());
      out.add(r);
    }
    return out;
  }

  private static boolean hasWord(Object message, String word) {
    return message instanceof String s
        && Arrays.asList(s.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")).contains(word);
  }

  private static Cond atom(Random rnd) {
    switch (rnd.nextInt(11)) {
      case 0: {
        String l = LEVELS[rnd.nextInt(LEVELS.length)];
        return new Cond("level = '" + l + "'", r -> l.equals(r.get("level")));
      }
      case 1: {
        String g = REGIONS[rnd.nextInt(REGIONS.length)];
        return new Cond("region != '" + g + "'", r -> r.get("region") instanceof String s && !s.equals(g));
      }
      case 2: {
        long ms = rnd.nextInt(2000);
        return new Cond("duration > " + ms + "ms", r -> (Long) r.get("duration") > ms * 1_000_000L);
      }
      case 3: {
        return new Cond("http.status_code IN (500, 503)",
            r -> r.get("http.status_code") instanceof Long l && (l == 500 || l == 503));
      }
      case 4: {
        String w = WORDS[rnd.nextInt(WORDS.length)];
        return new Cond("message CONTAINS '" + w.toUpperCase(Locale.ROOT) + "'", r -> hasWord(r.get("message"), w));
      }
      case 5: {
        String w = WORDS[rnd.nextInt(WORDS.length)];
        return new Cond("'" + w + "'", r -> hasWord(r.get("message"), w));
      }
      case 6: {
        String prefix = SERVICES[rnd.nextInt(SERVICES.length)].substring(0, 2);
        return new Cond("service LIKE '" + prefix + "%'", r -> ((String) r.get("service")).startsWith(prefix));
      }
      case 7:
        return new Cond("region EXISTS", r -> r.get("region") != null);
      case 8: {
        double d = rnd.nextInt(100) + 0.5;
        return new Cond("score >= " + d, r -> r.get("score") instanceof Double x && x >= d);
      }
      case 9: {
        String w = WORDS[rnd.nextInt(WORDS.length)];
        return new Cond("tags = '" + w + "'", r -> r.get("tags") instanceof List<?> l && l.contains(w));
      }
      default: {
        return new Cond("service MATCHES 'c.*t'", r -> ((String) r.get("service")).matches("c.*t"));
      }
    }
  }

  private static Cond condition(Random rnd, int depth) {
    if (depth == 0 || rnd.nextInt(3) == 0) {
      return atom(rnd);
    }
    Cond a = condition(rnd, depth - 1);
    Cond b = condition(rnd, depth - 1);
    return switch (rnd.nextInt(3)) {
      case 0 -> new Cond("(" + a.text + " AND " + b.text + ")", a.test.and(b.test));
      case 1 -> new Cond("(" + a.text + " OR " + b.text + ")", a.test.or(b.test));
      default -> new Cond("NOT " + a.text, a.test.negate());
    };
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void executorAgreesWithStreamComputations(long seed) {
    Random rnd = new Random(seed);
    List<Map<String, Object>> rows = records(rnd, 1_500);
    Cond cond = condition(rnd, 3);
    List<Map<String, Object>> matching = rows.stream().filter(cond.test).toList();
    String where = " WHERE " + cond.text;

    // count(*)
    QueryResult count = run("SELECT count(*) FROM logs" + where, rows);
    assertThat(count.rows().get(0).get("count(*)")).as(cond.text).isEqualTo((long) matching.size());

    // Aggregates per service.
    int perMille = new int[] {0, 70, 250, 500, 900, 950, 990, 1000}[rnd.nextInt(8)];
    String p = perMille == 1000 ? "1" : "0." + String.format(Locale.ROOT, "%03d", perMille);
    QueryResult byService = run("SELECT service, count(*) AS n, sum(duration) AS total, avg(duration) AS mean, "
        + "min(duration) AS lo, max(duration) AS hi, count_distinct(level) AS levels, "
        + "percentile(duration, " + p + ") AS pct, count(region) AS with_region, max(score) AS best "
        + "FROM logs" + where + " GROUP BY service", rows);
    Map<String, List<Map<String, Object>>> groups = matching.stream()
        .collect(Collectors.groupingBy(r -> (String) r.get("service"), TreeMap::new, Collectors.toList()));
    List<Map<String, Object>> expected = new ArrayList<>();
    groups.forEach((service, g) -> {
      long[] durations = g.stream().mapToLong(r -> (Long) r.get("duration")).sorted().toArray();
      long n = durations.length;
      long total = Arrays.stream(durations).sum();
      long rank = Math.max(1, (perMille * n + 999) / 1000); // ceil(p * n) in integers
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("service", service);
      e.put("n", n);
      e.put("total", total);
      e.put("mean", (double) total / n);
      e.put("lo", durations[0]);
      e.put("hi", durations[durations.length - 1]);
      e.put("levels", g.stream().map(r -> r.get("level")).distinct().count());
      e.put("pct", durations[(int) rank - 1]);
      e.put("with_region", g.stream().filter(r -> r.get("region") != null).count());
      e.put("best", g.stream().map(r -> r.get("score")).filter(Double.class::isInstance).map(Double.class::cast)
          .max(Comparator.naturalOrder()).orElse(null));
      expected.add(e);
    });
    assertThat(byService.rows()).as(cond.text).isEqualTo(expected);

    // Counts per one-minute bucket.
    QueryResult perMinute = run("SELECT count(*) AS n FROM logs" + where
        + " GROUP BY bucket(timestamp, '1m') AS minute", rows);
    Map<Long, Long> buckets = matching.stream().collect(Collectors.groupingBy(
        r -> Math.floorDiv((Long) r.get("timestamp"), MINUTE) * MINUTE, TreeMap::new, Collectors.counting()));
    assertThat(perMinute.rows()).extracting(r -> r.get("minute")).containsExactlyElementsOf(buckets.keySet());
    assertThat(perMinute.rows()).extracting(r -> r.get("n")).containsExactlyElementsOf(buckets.values());

    // Newest 50, projected.
    QueryResult newest = run("SELECT timestamp, message FROM logs" + where + " ORDER BY timestamp DESC LIMIT 50", rows);
    List<Map<String, Object>> expectedNewest = matching.stream()
        .sorted(Comparator.comparing((Map<String, Object> r) -> (Long) r.get("timestamp")).reversed())
        .limit(50)
        .map(r -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("timestamp", r.get("timestamp"));
          m.put("message", r.get("message"));
          return m;
        })
        .toList();
    assertThat(newest.rows()).as(cond.text).isEqualTo(expectedNewest);

    // Top services by error count, ties broken by name.
    QueryResult top = run("SELECT service, count(*) AS n FROM logs" + where + " GROUP BY service ORDER BY n DESC LIMIT 3",
        rows);
    List<String> expectedTop = groups.entrySet().stream()
        .sorted(Comparator.comparing((Map.Entry<String, List<Map<String, Object>>> e) -> e.getValue().size())
            .reversed().thenComparing(Map.Entry::getKey))
        .limit(3).map(Map.Entry::getKey).toList();
    assertThat(top.rows()).extracting(r -> r.get("service")).containsExactlyElementsOf(expectedTop);
  }

  private QueryResult run(String query, List<Map<String, Object>> rows) {
    return executor.execute(QueryParser.parse(query), rows);
  }
}
