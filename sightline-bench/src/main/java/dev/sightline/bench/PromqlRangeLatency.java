package dev.sightline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.bench.internal.Args;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Latency of one PromQL range query through a Prometheus-compatible HTTP API ({@code GET /api/v1/query_range}),
 * timed at the client, one request at a time, after warm-up; and a comparison of two saved answers.
 *
 * <pre>
 * java -cp ... dev.sightline.bench.PromqlRangeLatency --url http://127.0.0.1:19090 --query 'sum(up)' \
 *     --start-ms 1767222000000 --end-ms 1767225600000 --step-s 15 --warmup 2 --reps 10 --out prom.json
 * java -cp ... dev.sightline.bench.PromqlRangeLatency --compare prom.json --with sightline.json --rel-tol 1e-6
 * </pre>
 *
 * The last line is {@code RESULT key=value ...}, for scripts.
 */
public final class PromqlRangeLatency {
  private static final Set<String> OPTIONS = Set.of("url", "query", "start-ms", "end-ms", "step-s", "warmup", "reps",
      "out", "param", "timeout-s", "compare", "with", "rel-tol");
  private static final ObjectMapper JSON = new ObjectMapper();

  private PromqlRangeLatency() {}

  public static void main(String[] argv) throws Exception {
    try {
      Args args = Args.parse(argv, OPTIONS, Set.of());
      if (args.string("compare", null) != null) {
        compare(Path.of(args.required("compare")), Path.of(args.required("with")),
            Double.parseDouble(args.string("rel-tol", "1e-6")));
      } else {
        measure(args);
      }
    } catch (IllegalArgumentException e) {
      System.err.println("PromqlRangeLatency: " + e.getMessage());
      System.exit(2);
    }
  }

  static void measure(Args args) throws IOException, InterruptedException {
    String base = args.required("url");
    StringBuilder qs = new StringBuilder("query=").append(enc(args.required("query")))
        .append("&start=").append(seconds(args.count("start-ms", 0)))
        .append("&end=").append(seconds(args.count("end-ms", 0)))
        .append("&step=").append(args.count("step-s", 15));
    String extra = args.string("param", null);
    if (extra != null) {
      for (String kv : extra.split("&")) {
        int eq = kv.indexOf('=');
        qs.append('&').append(enc(kv.substring(0, eq))).append('=').append(enc(kv.substring(eq + 1)));
      }
    }
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/query_range?" + qs))
        .timeout(Duration.ofSeconds(args.count("timeout-s", 600))).GET().build();
    int warmup = args.intCount("warmup", 2);
    int reps = args.intCount("reps", 10);
    double[] ms = new double[reps];
    byte[] last = null;
    for (int i = -warmup; i < reps; i++) {
      long t0 = System.nanoTime();
      HttpResponse<byte[]> resp = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
      double took = (System.nanoTime() - t0) / 1e6;
      if (resp.statusCode() != 200) {
        String body = new String(resp.body(), StandardCharsets.UTF_8);
        System.out.println("HTTP " + resp.statusCode() + ": " + body.substring(0, Math.min(500, body.length())));
        System.out.println("RESULT ok=false status=" + resp.statusCode());
        return;
      }
      System.out.printf(Locale.ROOT, "  %s %d: %.1f ms, %d bytes%n", i < 0 ? "warm-up" : "rep", i < 0 ? warmup + i + 1 : i + 1,
          took, resp.body().length);
      if (i >= 0) {
        ms[i] = took;
      }
      last = resp.body();
    }
    if (args.string("out", null) != null) {
      Files.write(Path.of(args.string("out", null)), last);
    }
    JsonNode result = JSON.readTree(last).path("data").path("result");
    long points = 0;
    for (JsonNode s : result) {
      points += s.path("values").size();
    }
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    System.out.printf(Locale.ROOT, "%d reps after %d warm-up: p50 %.1f ms, p99 %.1f ms, min %.1f, max %.1f; %d series,"
        + " %d points%n", reps, warmup, rank(sorted, 0.50), rank(sorted, 0.99), sorted[0], sorted[reps - 1],
        result.size(), points);
    System.out.printf(Locale.ROOT, "RESULT ok=true reps=%d p50_ms=%.1f p99_ms=%.1f min_ms=%.1f max_ms=%.1f series=%d"
        + " points=%d all_ms=%s%n", reps, rank(sorted, 0.50), rank(sorted, 0.99), sorted[0], sorted[reps - 1],
        result.size(), points, join(ms));
  }

  /** Nearest-rank percentile of sorted values. */
  static double rank(double[] sorted, double q) {
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static String join(double[] ms) {
    List<String> s = new ArrayList<>();
    for (double d : ms) {
      s.add(String.format(Locale.ROOT, "%.0f", d));
    }
    return String.join(",", s);
  }

  private static String seconds(long ms) {
    return String.format(Locale.ROOT, "%.3f", ms / 1000.0);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Matrix result by series (labels, sorted) to timestamp (ms) to value. */
  static Map<String, Map<Long, Double>> matrix(byte[] json) throws IOException {
    Map<String, Map<Long, Double>> out = new TreeMap<>();
    for (JsonNode s : JSON.readTree(json).path("data").path("result")) {
      Map<String, String> labels = new TreeMap<>();
      s.path("metric").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      Map<Long, Double> points = new HashMap<>();
      for (JsonNode p : s.path("values")) {
        points.put(Math.round(p.get(0).asDouble() * 1000), parse(p.get(1).asText()));
      }
      out.put(labels.toString(), points);
    }
    return out;
  }

  private static double parse(String v) {
    return switch (v) {
      case "NaN" -> Double.NaN;
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(v);
    };
  }

  static void compare(Path a, Path b, double relTol) throws IOException {
    Map<String, Map<Long, Double>> x = matrix(Files.readAllBytes(a));
    Map<String, Map<Long, Double>> y = matrix(Files.readAllBytes(b));
    int onlyA = 0;
    int onlyB = 0;
    long pointsOnlyA = 0;
    long pointsOnlyB = 0;
    long compared = 0;
    long beyond = 0;
    double maxRel = 0;
    String worst = "";
    for (var e : x.entrySet()) {
      Map<Long, Double> other = y.get(e.getKey());
      if (other == null) {
        onlyA++;
        continue;
      }
      for (var p : e.getValue().entrySet()) {
        Double w = other.get(p.getKey());
        if (w == null) {
          pointsOnlyA++;
          continue;
        }
        compared++;
        double v = p.getValue();
        double rel = v == w || (Double.isNaN(v) && Double.isNaN(w)) ? 0
            : Math.abs(v - w) / Math.max(Math.abs(v), Math.abs(w));
        if (Double.isNaN(rel)) {
          rel = 1;
        }
        if (rel > relTol) {
          beyond++;
        }
        if (rel > maxRel) {
          maxRel = rel;
          worst = e.getKey() + " @" + p.getKey() + ": " + v + " vs " + w;
        }
      }
      for (Long t : other.keySet()) {
        if (!e.getValue().containsKey(t)) {
          pointsOnlyB++;
        }
      }
    }
    for (String k : y.keySet()) {
      if (!x.containsKey(k)) {
        onlyB++;
      }
    }
    boolean agree = onlyA == 0 && onlyB == 0 && pointsOnlyA == 0 && pointsOnlyB == 0 && beyond == 0;
    System.out.printf(Locale.ROOT, "%s: %d series, %s: %d series; only in first %d, only in second %d; %d points"
        + " compared, %d only in first, %d only in second, %d beyond rel. tolerance %.0e; max rel. diff %.3g%s%n",
        a.getFileName(), x.size(), b.getFileName(), y.size(), onlyA, onlyB, compared, pointsOnlyA, pointsOnlyB, beyond,
        relTol, maxRel, worst.isEmpty() ? "" : " (" + worst + ")");
    System.out.printf(Locale.ROOT, "RESULT agree=%s series_a=%d series_b=%d only_a=%d only_b=%d points=%d"
        + " points_only_a=%d points_only_b=%d beyond_tol=%d max_rel_diff=%.3g%n", agree, x.size(), y.size(), onlyA,
        onlyB, compared, pointsOnlyA, pointsOnlyB, beyond, maxRel);
  }
}
