package dev.sightline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.bench.internal.Args;
import dev.sightline.bench.internal.LogQuerySet;
import dev.sightline.bench.internal.LogQuerySet.Kind;
import dev.sightline.bench.internal.Sender;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The four log queries of the logs benchmark ({@link LogQuerySet}) against Sightline's
 * {@code POST /api/query}, OpenSearch's query DSL, or ripgrep over the raw file, one at a time, with
 * varying parameters: warm-up, then up to {@code --repeat} timed runs per kind (fewer if
 * {@code --max-seconds-per-kind} runs out), client-side wall clock. Prints
 * {@code RESULT target=.. kind=.. n=.. p50_ms=.. p99_ms=..} per kind, {@code WARMUP ..} with the same
 * figures for the warm-up runs, and {@code HITS target=.. kind=.. param=.. hits=..} for the first
 * parameters of each kind, so that the script can compare hit counts.
 *
 * <p>The warm-up runs at least {@code --warmup} queries and for at least {@code --warmup-seconds}: twenty
 * queries left both this JVM's HTTP client and the server's query path interpreted, and the trace lookups
 * measured ~8 ms at the median where a warm pair answers in ~2 ms (BENCHMARKS.md section 5). The
 * warm-up's trace lookups use other trace ids than the timed ones ({@link #warmupTraceIds}), so the timed
 * lookups find none of their lines in a cache the warm-up filled.
 */
public final class LogQueries {
  private static final Set<String> OPTIONS = Set.of("target", "url", "file", "traceids", "start-ms", "end-ms",
      "repeat", "warmup", "warmup-seconds", "max-seconds-per-kind", "kinds", "checks");
  /** How many trace ids the warm-up reads from the start of the file (distinct, none of the timed ones). */
  private static final int WARMUP_TRACE_IDS = 5_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String target;
  private final String url;
  private final Path file;
  private final long startMs;
  private final long endMs;
  private final HttpClient client = Sender.httpClient();

  private LogQueries(String target, String url, Path file, long startMs, long endMs) {
    this.target = target;
    this.url = url;
    this.file = file;
    this.startMs = startMs;
    this.endMs = endMs;
  }

  public static void main(String[] argv) throws Exception {
    Args args = Args.parse(argv, OPTIONS, Set.of());
    String target = args.required("target");
    if (!Set.of("sightline", "opensearch", "ripgrep").contains(target)) {
      throw new IllegalArgumentException("--target must be sightline, opensearch or ripgrep");
    }
    Path file = Path.of(args.required("file"));
    List<String> traceIds = Files.readAllLines(Path.of(args.string("traceids", file + ".traceids")));
    LogQuerySet set = new LogQuerySet(traceIds);
    LogQuerySet warmSet = target.equals("ripgrep") ? set : set.withTraceIds(warmupTraceIds(file, traceIds));
    LogQueries q = new LogQueries(target, args.string("url", ""), file, args.count("start-ms", 0),
        args.count("end-ms", 0));
    int repeat = args.intCount("repeat", 200);
    int warmup = args.intCount("warmup", 20);
    long warmupNanos = TimeUnit.SECONDS.toNanos(args.count("warmup-seconds", 10));
    long budget = TimeUnit.SECONDS.toNanos(args.count("max-seconds-per-kind", 120));
    int checks = args.intCount("checks", 3);
    for (String k : args.string("kinds", "trace,token,count,p99").split(",")) {
      q.run(set, warmSet, Kind.valueOf(k.toUpperCase(Locale.ROOT)), repeat, warmup, warmupNanos, budget, checks);
    }
  }

  /**
   * Trace ids from the lines at the start of the file, other than {@code timed}, up to
   * {@value #WARMUP_TRACE_IDS}; the timed ids when the file has no others.
   */
  static List<String> warmupTraceIds(Path file, List<String> timed) throws IOException {
    Set<String> exclude = new HashSet<>(timed);
    Set<String> found = new LinkedHashSet<>();
    String key = "\"trace_id\":\"";
    try (var lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while (found.size() < WARMUP_TRACE_IDS && (line = lines.readLine()) != null) {
        int at = line.indexOf(key);
        int end = at < 0 ? -1 : line.indexOf('"', at + key.length());
        if (end > 0) {
          String id = line.substring(at + key.length(), end);
          if (!exclude.contains(id)) {
            found.add(id);
          }
        }
      }
    }
    return found.isEmpty() ? timed : List.copyOf(found);
  }

  private void run(LogQuerySet set, LogQuerySet warmSet, Kind kind, int repeat, int warmup, long warmupNanos,
                   long budgetNanos, int checks) throws Exception {
    String name = kind.name().toLowerCase(Locale.ROOT);
    long t0 = System.nanoTime();
    int hitChecks = kind == Kind.P99 ? Math.min(1, checks) : checks; // p99 has one parameter set
    for (int i = 0; i < hitChecks && System.nanoTime() - t0 < budgetNanos; i++) {
      try {
        long hits = hits(set, kind, i);
        System.out.printf(Locale.ROOT, "HITS target=%s kind=%s param=%s hits=%d%n", target, name,
            set.describe(kind, i).replace(' ', '_'), hits);
      } catch (IOException e) {
        System.out.printf(Locale.ROOT, "HITS target=%s kind=%s param=%s hits=error%n  %s%n", target, name,
            set.describe(kind, i).replace(' ', '_'), e.getMessage());
      }
    }
    // A failing query (a 4xx/5xx, e.g. a query over its time budget) is counted, not timed; after 3 failures
    // in a row the kind is given up.
    int errors = 0;
    int inARow = 0;
    String firstError = null;
    Histogram warm = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
    long warmStart = System.nanoTime();
    int warmed = 0;
    for (int i = 0; (i < warmup || System.nanoTime() - warmStart < warmupNanos) && inARow < 3
        && System.nanoTime() - t0 < budgetNanos; i++) {
      long s = System.nanoTime();
      try {
        timed(warmSet, kind, checks + i);
        warm.recordValue(System.nanoTime() - s);
        warmed++;
        inARow = 0;
      } catch (IOException e) {
        errors++;
        inARow++;
        firstError = firstError == null ? e.getMessage() : firstError;
      }
    }
    double warmSeconds = (System.nanoTime() - warmStart) / 1e9;
    Histogram h = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
    t0 = System.nanoTime();
    int n = 0;
    long lastHits = 0;
    for (int i = 0; n < repeat && inARow < 3 && System.nanoTime() - t0 < budgetNanos; i++) {
      long s = System.nanoTime();
      try {
        lastHits = timed(set, kind, checks + warmup + i);
        h.recordValue(System.nanoTime() - s);
        n++;
        inARow = 0;
      } catch (IOException e) {
        errors++;
        inARow++;
        firstError = firstError == null ? e.getMessage() : firstError;
      }
    }
    if (firstError != null) {
      System.out.println("first error: " + firstError);
    }
    System.out.printf(Locale.ROOT, "WARMUP target=%s kind=%s n=%d seconds=%.1f p50_ms=%s p99_ms=%s max_ms=%s%n",
        target, name, warmed, warmSeconds,
        ms(warmed, warm.getValueAtPercentile(50)), ms(warmed, warm.getValueAtPercentile(99)),
        ms(warmed, warm.getMaxValue()));
    System.out.printf(Locale.ROOT, "RESULT target=%s kind=%s n=%d errors=%d p50_ms=%s p99_ms=%s max_ms=%s mean_ms=%s "
            + "last_hits=%d%n", target, name, n, errors, ms(n, h.getValueAtPercentile(50)),
        ms(n, h.getValueAtPercentile(99)), ms(n, h.getMaxValue()), ms(n, (long) h.getMean()), lastHits);
  }

  private static String ms(int n, long nanos) {
    return n == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", nanos / 1e6);
  }

  /** The timed query; returns the rows/hits it got (trace: lines, token: lines returned, count, p99: groups). */
  private long timed(LogQuerySet set, Kind kind, int i) throws Exception {
    return switch (target) {
      case "sightline" -> sightline(set.sightline(kind, i, false), set.sightlineLimit(kind)).path("rows").size();
      case "opensearch" -> {
        JsonNode r = post(url + set.openSearchPath(kind, false), set.openSearch(kind, i, false));
        yield switch (kind) {
          case COUNT -> r.path("count").asLong();
          case P99 -> r.path("aggregations").path("s").path("buckets").size();
          default -> r.path("hits").path("hits").size();
        };
      }
      default -> ripgrep(set.ripgrep(kind, i, file));
    };
  }

  /** The number of records that match (for the cross-system check); p99 answers a checksum of its values. */
  private long hits(LogQuerySet set, Kind kind, int i) throws Exception {
    return switch (target) {
      case "sightline" -> {
        JsonNode r = sightline(set.sightline(kind, i, true), set.sightlineLimit(kind));
        if (kind == Kind.P99) {
          System.out.println("P99 target=sightline " + r.path("rows"));
          yield r.path("rows").size();
        }
        JsonNode row = r.path("rows").path(0);
        yield kind == Kind.TRACE ? r.path("rows").size() : row.path(r.path("columns").path(0).asText()).asLong(-1);
      }
      case "opensearch" -> {
        JsonNode r = post(url + set.openSearchPath(kind, true), set.openSearch(kind, i, true));
        if (kind == Kind.P99) {
          System.out.println("P99 target=opensearch " + r.path("aggregations").path("s").path("buckets"));
          yield r.path("aggregations").path("s").path("buckets").size();
        }
        yield kind == Kind.TRACE ? r.path("hits").path("hits").size() : r.path("count").asLong(-1);
      }
      default -> {
        if (kind == Kind.P99) {
          String out = shell(set.ripgrep(kind, i, file));
          System.out.println("P99 target=ripgrep " + out.replace('\n', ' '));
          yield out.isBlank() ? 0 : out.strip().split("\n").length;
        }
        yield ripgrep(set.ripgrepCount(kind, i, file));
      }
    };
  }

  private JsonNode sightline(String query, int limit) throws IOException, InterruptedException {
    String body = JSON.writeValueAsString(java.util.Map.of("query", query, "start", Long.toString(startMs),
        "end", Long.toString(endMs), "limit", limit));
    return post(url + "/api/query", body);
  }

  private JsonNode post(String to, String body) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(to)).header("Content-Type", "application/json")
        .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<byte[]> resp = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
    if (resp.statusCode() / 100 != 2) {
      String text = new String(resp.body(), StandardCharsets.UTF_8);
      throw new IOException("HTTP " + resp.statusCode() + " from " + to + " for " + body + ": "
          + text.substring(0, Math.min(400, text.length())));
    }
    return JSON.readTree(resp.body());
  }

  /** Runs a shell pipeline whose output is one number (a count) or lines (counted). */
  private static long ripgrep(String command) throws IOException, InterruptedException {
    String out = shell(command).strip();
    if (out.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(out);
    } catch (NumberFormatException e) {
      return out.split("\n").length;
    }
  }

  private static String shell(String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("bash", "-c", "set -o pipefail; " + command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    int code = p.waitFor();
    if (code != 0 && code != 1) { // rg exits 1 when nothing matched
      throw new IOException("exit " + code + " from " + command + ": " + new String(out, StandardCharsets.UTF_8));
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
