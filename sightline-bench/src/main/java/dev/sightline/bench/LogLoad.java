package dev.sightline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.bench.internal.Args;
import dev.sightline.bench.internal.Backoff;
import dev.sightline.bench.internal.LogBatches;
import dev.sightline.bench.internal.ProcessMemory;
import dev.sightline.bench.internal.RetryLoop;
import dev.sightline.bench.internal.Sender;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Streams an NDJSON log file ({@link LogFile}) to Sightline's {@code POST /api/logs} ({@code --target
 * sightline}) or to an OpenSearch/Elasticsearch {@code _bulk} endpoint ({@code --target bulk}, one
 * {@code {"index":{}}} action line before each line), in batches of {@code --batch} lines from
 * {@code --senders} threads with one request in flight each, and prints acknowledged records/s, the
 * target's CPU seconds during the load and its peak RSS.
 *
 * <p>A record counts when acknowledged: for Sightline a 2xx whose {@code accepted} count includes it, for
 * {@code _bulk} a 2xx item status (the response's {@code errors} flag and per-item statuses are read).
 * 429, 502, 503, 504 and I/O errors are retried with backoff; {@code _bulk} items refused with 429 are
 * resent alone. The last line is {@code RESULT key=value ...}.
 */
public final class LogLoad {
  private static final Set<String> OPTIONS = Set.of("target", "url", "file", "batch", "senders", "pid",
      "max-seconds", "records", "max-attempts");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LongAdder acked = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder batches = new LongAdder();
  private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
  private final AtomicReference<String> firstFailure = new AtomicReference<>();
  private final HttpClient client = Sender.httpClient();
  private final URI uri;
  private final boolean bulk;
  private final int maxAttempts;

  private LogLoad(URI uri, boolean bulk, int maxAttempts) {
    this.uri = uri;
    this.bulk = bulk;
    this.maxAttempts = maxAttempts;
  }

  public static void main(String[] argv) throws Exception {
    Args args;
    try {
      args = Args.parse(argv, OPTIONS, Set.of());
    } catch (IllegalArgumentException e) {
      System.err.println("LogLoad: " + e.getMessage() + "\nusage: LogLoad --target sightline|bulk --url URL --file F "
          + "[--batch 2000] [--senders 4] [--pid PID] [--max-seconds 900] [--records all] [--max-attempts 30]");
      System.exit(2);
      return;
    }
    String target = args.string("target", "sightline");
    if (!target.equals("sightline") && !target.equals("bulk")) {
      throw new IllegalArgumentException("--target must be sightline or bulk");
    }
    LogLoad load = new LogLoad(URI.create(args.required("url")), target.equals("bulk"),
        Math.max(1, args.intCount("max-attempts", 30)));
    System.exit(load.run(target, Path.of(args.required("file")), Math.max(1, args.intCount("batch", 2000)),
        Math.max(1, args.intCount("senders", 4)), args.count("pid", 0), args.count("max-seconds", 900),
        args.count("records", Long.MAX_VALUE)));
  }

  private int run(String target, Path file, int batch, int senders, long pid, long maxSeconds, long maxRecords)
      throws Exception {
    BlockingQueue<List<String>> queue = new ArrayBlockingQueue<>(senders * 2);
    List<String> poison = List.of();
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(maxSeconds);
    LongAdder read = new LongAdder();
    Thread reader = Thread.ofPlatform().name("reader").start(() -> {
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        List<String> lines = new ArrayList<>(batch);
        String line;
        long n = 0;
        while (n < maxRecords && (line = in.readLine()) != null && System.nanoTime() < deadline) {
          lines.add(line);
          n++;
          if (lines.size() == batch) {
            queue.put(lines);
            read.add(lines.size());
            lines = new ArrayList<>(batch);
          }
        }
        if (!lines.isEmpty()) {
          queue.put(lines);
          read.add(lines.size());
        }
        for (int i = 0; i < senders; i++) {
          queue.put(poison);
        }
      } catch (IOException | InterruptedException e) {
        firstFailure.compareAndSet(null, "reading " + file + ": " + e);
        for (int i = 0; i < senders; i++) {
          queue.offer(poison);
        }
      }
    });
    System.out.printf(Locale.ROOT, "sending %s to %s as %s, %d senders, batches of %d lines%n", file, uri, target,
        senders, batch);
    long cpuBefore = pid > 0 ? ProcessMemory.cpuMillis(pid) : -1;
    long[] peakRss = {0};
    ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "progress");
      t.setDaemon(true);
      return t;
    });
    progress.scheduleAtFixedRate(() -> {
      ProcessMemory m = pid > 0 ? ProcessMemory.read(pid) : null;
      if (m != null) {
        peakRss[0] = Math.max(peakRss[0], m.peakKib());
      }
      double s = (System.nanoTime() - start) / 1e9;
      System.out.printf(Locale.ROOT, "  %6.1f s  acked %,12d records  %,9.0f records/s  retries %,d%s%n", s,
          acked.sum(), acked.sum() / s, retries.sum(), m == null ? "" : String.format(Locale.ROOT,
              "  rss %,d MiB (peak %,d MiB)", m.currentKib() / 1024, m.peakMib()));
    }, 10, 10, TimeUnit.SECONDS);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < senders; i++) {
      threads.add(Thread.ofPlatform().name("sender-" + i).start(() -> {
        try {
          List<String> lines;
          while ((lines = queue.take()) != poison) {
            send(lines, deadline);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    reader.join();
    double seconds = (System.nanoTime() - start) / 1e9;
    long cpuAfter = pid > 0 ? ProcessMemory.cpuMillis(pid) : -1;
    progress.shutdownNow();
    double cpu = cpuBefore < 0 || cpuAfter < 0 ? 0 : (cpuAfter - cpuBefore) / 1000.0;
    ProcessMemory m = pid > 0 ? ProcessMemory.read(pid) : null;
    long peak = Math.max(peakRss[0], m == null ? 0 : m.peakKib());
    boolean timedOut = System.nanoTime() >= deadline;
    Map<Integer, Long> codes = new TreeMap<>();
    statuses.forEach((k, v) -> codes.put(k, v.sum()));
    System.out.printf(Locale.ROOT, "statuses %s; first failure: %s%n", codes, firstFailure.get());
    long ok = acked.sum();
    System.out.printf(Locale.ROOT, "RESULT target=%s records_read=%d records_acked=%d seconds=%.2f records_per_s=%.0f "
            + "batches=%d retries=%d rejected=%d failed=%d peak_rss_kib=%d current_rss_kib=%d target_cpu_s=%.1f "
            + "records_per_cpu_s=%.0f timed_out=%s%n", target, read.sum(), ok, seconds, ok / seconds, batches.sum(),
        retries.sum(), rejected.sum(), failed.sum(), peak, m == null ? 0 : m.currentKib(), cpu,
        cpu > 0 ? ok / cpu : 0, timedOut);
    return failed.sum() > 0 || rejected.sum() > 0 || timedOut || firstFailure.get() != null ? 1 : 0;
  }

  /** Sends lines until each is acknowledged, refused for good, or attempts run out. */
  private void send(List<String> lines, long deadline) throws InterruptedException {
    AtomicReference<List<String>> pending = new AtomicReference<>(lines);
    Optional<String> failure = RetryLoop.run(new Backoff(50, 2000), maxAttempts, deadline, () -> {
      List<String> batch = pending.get();
      byte[] body = bulk ? LogBatches.bulkBody(batch) : LogBatches.ndjsonBody(batch);
      HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/x-ndjson")
          .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
      HttpResponse<byte[]> resp = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      int code = resp.statusCode();
      statuses.computeIfAbsent(code, k -> new LongAdder()).increment();
      if (code / 100 == 2) {
        batches.increment();
        List<String> again = bulk ? bulkOutcome(batch, resp.body()) : ndjsonOutcome(batch, resp.body());
        if (again.isEmpty()) {
          return RetryLoop.DONE;
        }
        pending.set(again); // items the target refused with 429: resend only those
      } else if (code != 429 && code != 502 && code != 503 && code != 504) {
        return new RetryLoop.Fail("HTTP " + code + ": " + Backoff.snippet(resp.body(), 300));
      }
      return new RetryLoop.Retry(0);
    }, () -> { }, retries::increment);
    failure.ifPresent(why -> fail(pending.get().size(), why));
  }

  private List<String> ndjsonOutcome(List<String> lines, byte[] body) {
    try {
      JsonNode r = JSON.readTree(body);
      long ok = r.path("accepted").asLong(-1);
      if (ok < 0) {
        fail(lines.size(), "no accepted count in " + Backoff.snippet(body, 300));
        return List.of();
      }
      acked.add(ok);
      if (ok < lines.size()) {
        rejected.add(lines.size() - ok);
        firstFailure.compareAndSet(null, "rejected: " + r.path("errors").asText());
      }
    } catch (IOException e) {
      fail(lines.size(), "unreadable response " + Backoff.snippet(body, 300));
    }
    return List.of();
  }

  private List<String> bulkOutcome(List<String> lines, byte[] body) {
    try {
      LogBatches.BulkOutcome o = LogBatches.bulkOutcome(JSON.readTree(body), lines.size());
      acked.add(o.acked());
      if (o.refused() > 0) {
        rejected.add(o.refused());
        firstFailure.compareAndSet(null, "bulk item refused: " + o.firstError());
      }
      List<String> again = new ArrayList<>(o.retry().size());
      for (int i : o.retry()) {
        again.add(lines.get(i));
      }
      return again;
    } catch (IOException | IllegalArgumentException e) {
      fail(lines.size(), "unreadable _bulk response: " + e.getMessage() + " " + Backoff.snippet(body, 300));
      return List.of();
    }
  }

  private void fail(int records, String why) {
    failed.add(records);
    firstFailure.compareAndSet(null, why);
  }



}
