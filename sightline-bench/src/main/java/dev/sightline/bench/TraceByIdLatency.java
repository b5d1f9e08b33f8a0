package dev.sightline.bench;

import dev.sightline.bench.internal.Args;
import dev.sightline.bench.internal.Sender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Trace-by-id latency: fetches K random trace ids from a file of known ids (what {@link SpanLoad}
 * wrote with {@code --ids-out}), one request at a time on a warm keep-alive connection, and prints
 * p50/p90/p99/p99.9/max of the client-side round trip. A response counts only if it is a 200 that
 * names the trace id; anything else is counted as a miss and kept out of the histogram.
 *
 * <pre>
 * java -cp ... dev.sightline.bench.TraceByIdLatency --ids ids.txt \
 *     --url-template http://127.0.0.1:7070/api/traces/{id} --queries 10k --warmup 1k
 * </pre>
 */
public final class TraceByIdLatency {
  private static final Set<String> OPTIONS = Set.of("ids", "url-template", "queries", "warmup", "seed");

  private TraceByIdLatency() { }

  public static void main(String[] argv) throws Exception {
    Args args;
    try {
      args = Args.parse(argv, OPTIONS, Set.of());
    } catch (IllegalArgumentException e) {
      System.err.println("TraceByIdLatency: " + e.getMessage() + "\nusage: TraceByIdLatency --ids FILE "
          + "[--url-template http://127.0.0.1:7070/api/traces/{id}] [--queries 10k] [--warmup 1k] [--seed 7]");
      System.exit(2);
      return;
    }
    List<String> ids = Files.readAllLines(Path.of(args.required("ids"))).stream()
        .map(String::strip).filter(s -> !s.isEmpty()).toList();
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("no trace ids in " + args.required("ids"));
    }
    String template = args.string("url-template", "http://127.0.0.1:7070/api/traces/{id}");
    if (!template.contains("{id}")) {
      throw new IllegalArgumentException("--url-template must contain {id}, got '" + template + "'");
    }
    int queries = args.intCount("queries", 10_000);
    int warmup = args.intCount("warmup", 1_000);
    SplittableRandom random = new SplittableRandom(args.count("seed", 7));
    HttpClient client = Sender.httpClient();
    Histogram latency = new Histogram(Duration.ofSeconds(60).toNanos(), 3);
    Map<Integer, Integer> misses = new TreeMap<>();
    long bytes = 0;
    String firstMiss = null;
    for (int i = 0; i < warmup + queries; i++) {
      String id = ids.get(random.nextInt(ids.size()));
      HttpRequest req = HttpRequest.newBuilder(URI.create(template.replace("{id}", id)))
          .timeout(Duration.ofSeconds(30)).GET().build();
      long t0 = System.nanoTime();
      HttpResponse<String> resp = client.send(req, HttpResponse.BodyHandlers.ofString());
      long elapsed = System.nanoTime() - t0;
      if (i < warmup) {
        continue;
      }
      if (resp.statusCode() == 200 && resp.body().contains(id)) {
        latency.recordValue(elapsed);
        bytes += resp.body().length();
      } else {
        misses.merge(resp.statusCode(), 1, Integer::sum);
        if (firstMiss == null) {
          String body = resp.body().replaceAll("\\s+", " ");
          firstMiss = "HTTP " + resp.statusCode() + " for " + id + ": "
              + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
        }
      }
    }
    long found = latency.getTotalCount();
    System.out.printf(Locale.ROOT, "%,d known trace ids; %,d queries after %,d warm-up; found %,d; misses %s;"
        + " mean body %,d bytes%n", ids.size(), queries, warmup, found, misses, found == 0 ? 0 : bytes / found);
    if (firstMiss != null) {
      System.out.println("first miss: " + firstMiss);
    }
    System.out.printf(Locale.ROOT, "RESULT queries=%d found=%d p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f "
            + "max_ms=%.3f mean_ms=%.3f%n", queries, found, ms(latency.getValueAtPercentile(50)),
        ms(latency.getValueAtPercentile(90)), ms(latency.getValueAtPercentile(99)),
        ms(latency.getValueAtPercentile(99.9)), ms(latency.getMaxValue()), latency.getMean() / 1e6);
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
