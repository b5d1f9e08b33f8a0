package dev.sightline.bench;

import com.linecorp.armeria.client.WebClient;
import dev.sightline.bench.internal.Args;
import dev.sightline.bench.internal.Batch;
import dev.sightline.bench.internal.BatchSource;
import dev.sightline.bench.internal.BenchSpan;
import dev.sightline.bench.internal.LoadStats;
import dev.sightline.bench.internal.OtlpEncoder;
import dev.sightline.bench.internal.ProcessMemory;
import dev.sightline.bench.internal.Sender;
import dev.sightline.bench.internal.TraceGenerator;
import dev.sightline.bench.internal.ZipkinJsonEncoder;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Span load generator: sends generated traces as OTLP/HTTP protobuf ({@code --target otlp}) or as
 * Zipkin v2 JSON ({@code --target zipkin}) from several concurrent senders, retrying 429/503 with
 * backoff, and prints acknowledged spans per second and the target's peak RSS.
 *
 * <pre>
 * java -cp sightline-bench.jar dev.sightline.bench.SpanLoad --target otlp \
 *     --url http://127.0.0.1:4318/v1/traces --spans 1m --senders 4 --pid 1234 --ids-out ids.txt
 * </pre>
 *
 * The last line is {@code RESULT key=value ...}, for scripts.
 */
public final class SpanLoad {
  private static final Set<String> OPTIONS = Set.of("target", "url", "spans", "batch-spans", "senders", "seed",
      "pid", "max-seconds", "ids-out", "max-attempts", "warmup-spans");
  private static final Set<String> FLAGS = Set.of("pregenerate", "help");

  private SpanLoad() { }

  public static void main(String[] argv) throws Exception {
    Args args;
    try {
      args = Args.parse(argv, OPTIONS, FLAGS);
      if (args.flag("help")) {
        usage();
        return;
      }
      run(args);
    } catch (IllegalArgumentException e) {
      System.err.println("SpanLoad: " + e.getMessage());
      usage();
      System.exit(2);
    }
  }

  private static void usage() {
    System.err.println("""
        usage: SpanLoad --target otlp|zipkin [--url URL] [--spans 1m] [--batch-spans 512] [--senders 4]
                        [--seed 42] [--pid PID] [--max-seconds 900] [--ids-out FILE] [--pregenerate]
                        [--max-attempts 30] [--warmup-spans 0]
          otlp:   POST application/x-protobuf to --url (default http://127.0.0.1:4318/v1/traces)
          zipkin: POST Zipkin v2 JSON to --url (default http://127.0.0.1:19411/api/v2/spans)
          --pid:  the target process, whose VmHWM (peak RSS) is reported
          --pregenerate: encode every batch before the clock starts (needs heap for all of them)
          --warmup-spans: send this many spans first, untimed (the target's JIT warms up), then --spans""");
  }

  private static void run(Args args) throws Exception {
    String target = args.string("target", "otlp");
    boolean otlp = switch (target) {
      case "otlp" -> true;
      case "zipkin" -> false;
      default -> throw new IllegalArgumentException("--target must be otlp or zipkin, got '" + target + "'");
    };
    URI uri = URI.create(args.string("url", otlp ? "http://127.0.0.1:4318/v1/traces"
        : "http://127.0.0.1:19411/api/v2/spans"));
    long spans = args.count("spans", 1_000_000);
    int batchSpans = Math.max(1, args.intCount("batch-spans", 512));
    int senders = Math.max(1, args.intCount("senders", 4));
    long seed = args.count("seed", 42);
    long pid = args.count("pid", 0);
    long maxSeconds = args.count("max-seconds", 900);
    int maxAttempts = Math.max(1, args.intCount("max-attempts", 30));
    boolean pregenerate = args.flag("pregenerate");

    // Spans start an hour ago, so every target takes them as recent.
    long base = (System.currentTimeMillis() - 3_600_000L) * 1_000_000L;
    long warmupSpans = args.count("warmup-spans", 0);
    TraceGenerator generator = TraceGenerator.of(seed, base);
    Function<List<BenchSpan>, byte[]> encoder =
        otlp ? OtlpEncoder::encode : ZipkinJsonEncoder::encode;
    WebClient client = Sender.webClient(uri);
    String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    List<String> ackedIds = Collections.synchronizedList(new ArrayList<>());
    if (warmupSpans > 0) { // its own source first: generation is sequential, so both see the same traces
      BatchSource warmup = BatchSource.start(generator, encoder, warmupSpans, batchSpans, pregenerate, senders * 4);
      LoadStats warm = new LoadStats();
      long w0 = System.nanoTime();
      sendAll(warmup, client, path, otlp, warm, senders, maxAttempts, w0 + TimeUnit.SECONDS.toNanos(maxSeconds),
          ackedIds);
      System.out.printf(Locale.ROOT, "warm-up: %,d spans acknowledged in %.1f s (not counted below)%n",
          warm.ackedSpans.sum(), (System.nanoTime() - w0) / 1e9);
      if (warm.failedBatches.sum() > 0) {
        throw new IllegalStateException("the warm-up failed: " + warm.firstFailure());
      }
    }
    long t0 = System.nanoTime();
    BatchSource source = BatchSource.start(generator, encoder, spans, batchSpans, pregenerate, senders * 4);
    if (pregenerate) {
      System.out.printf(Locale.ROOT, "pre-generated %,d spans in %.1f s%n", spans, (System.nanoTime() - t0) / 1e9);
    }
    System.out.printf(Locale.ROOT, "sending %,d spans to %s as %s, %d senders, batches of >=%d spans%n",
        spans, uri, target, senders, batchSpans);

    LoadStats stats = new LoadStats();
    long cpuBefore = pid > 0 ? ProcessMemory.cpuMillis(pid) : -1;
    long self = ProcessHandle.current().pid();
    long selfCpuBefore = ProcessMemory.cpuMillis(self);
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(maxSeconds);
    ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "progress");
      t.setDaemon(true);
      return t;
    });
    long[] peakRss = {0};
    progress.scheduleAtFixedRate(() -> {
      ProcessMemory m = pid > 0 ? ProcessMemory.read(pid) : null;
      if (m != null) {
        peakRss[0] = Math.max(peakRss[0], m.peakKib());
      }
      double s = (System.nanoTime() - start) / 1e9;
      System.out.printf(Locale.ROOT, "  %6.1f s  acked %,12d spans  %,9.0f spans/s  retries %,d%s%n", s,
          stats.ackedSpans.sum(), stats.ackedSpans.sum() / s, stats.retries.sum(),
          m == null ? "" : String.format(Locale.ROOT, "  rss %,d MiB (peak %,d MiB)", m.currentKib() / 1024,
              m.peakMib()));
    }, 5, 5, TimeUnit.SECONDS);

    sendAll(source, client, path, otlp, stats, senders, maxAttempts, deadline, ackedIds);
    double seconds = (System.nanoTime() - start) / 1e9;
    long cpuAfter = pid > 0 ? ProcessMemory.cpuMillis(pid) : -1;
    double loadCpuSeconds = (ProcessMemory.cpuMillis(self) - selfCpuBefore) / 1000.0;
    double targetCpuSeconds = cpuBefore < 0 || cpuAfter < 0 ? 0 : (cpuAfter - cpuBefore) / 1000.0;
    progress.shutdownNow();
    ProcessMemory m = pid > 0 ? ProcessMemory.read(pid) : null;
    long peakKib = Math.max(peakRss[0], m == null ? 0 : m.peakKib());
    boolean timedOut = System.nanoTime() >= deadline;

    if (args.string("ids-out", null) != null) {
      Path out = Path.of(args.string("ids-out", null));
      Files.write(out, ackedIds);
      System.out.printf(Locale.ROOT, "wrote %,d acknowledged trace ids to %s%n", ackedIds.size(), out);
    }
    long acked = stats.ackedSpans.sum();
    System.out.printf(Locale.ROOT, "statuses %s; first failure: %s%n", stats.statuses(), stats.firstFailure());
    System.out.printf(Locale.ROOT,
        "RESULT target=%s spans_sent=%d spans_acked=%d seconds=%.2f spans_per_s=%.0f batches=%d retries=%d "
            + "throttled_429=%d io_errors=%d failed_batches=%d failed_spans=%d rejected_spans=%d peak_rss_kib=%d "
            + "current_rss_kib=%d target_cpu_s=%.1f spans_per_cpu_s=%.0f load_cpu_s=%.1f pregenerated=%s "
        + "warmup_spans=%d timed_out=%s%n",
        target, stats.sentSpans.sum(), acked, seconds, acked / seconds, stats.ackedBatches.sum(),
        stats.retries.sum(),
        stats.throttled.sum(), stats.ioErrors.sum(), stats.failedBatches.sum(), stats.failedSpans.sum(),
        stats.rejectedSpans.sum(), peakKib, m == null ? 0 : m.currentKib(), targetCpuSeconds,
        targetCpuSeconds > 0 ? acked / targetCpuSeconds : 0, loadCpuSeconds, pregenerate, warmupSpans, timedOut);
    if (stats.failedBatches.sum() > 0 || timedOut) {
      System.exit(1);
    }
  }

  /** Sends every batch of {@code source} from {@code senders} threads; returns when all are done. */
  private static void sendAll(BatchSource source, WebClient client, String path, boolean otlp, LoadStats stats,
                              int senders, int maxAttempts, long deadline, List<String> ackedIds)
      throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < senders; i++) {
      Sender sender = new Sender(client, path, otlp, stats, maxAttempts, Duration.ofSeconds(2));
      Thread t = Thread.ofPlatform().name("sender-" + i).start(() -> {
        try {
          Batch b;
          while (System.nanoTime() < deadline && (b = source.take()) != null) {
            stats.sentSpans.add(b.spans());
            if (sender.send(b, deadline)) {
              ackedIds.addAll(b.traceIds());
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
  }
}
