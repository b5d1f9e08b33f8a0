package dev.sightline.bench;

import dev.sightline.bench.internal.Args;
import dev.sightline.bench.internal.Trees;
import dev.sightline.bench.internal.BenchSpan;
import dev.sightline.bench.internal.OtlpEncoder;
import dev.sightline.bench.internal.TraceGenerator;
import dev.sightline.ingest.DecodeResult;
import dev.sightline.ingest.IngestLimits;
import dev.sightline.ingest.logs.NdjsonLogDecoder;
import dev.sightline.ingest.otlp.OtlpTraceDecoder;
import dev.sightline.model.LogRecord;
import dev.sightline.model.Span;
import dev.sightline.pipeline.SpanPipeline;
import dev.sightline.pipeline.redaction.Redactor;
import dev.sightline.pipeline.sampling.TailSampler;
import dev.sightline.pipeline.sampling.TailSamplingConfig;
import dev.sightline.pipeline.spanmetrics.SpanMetrics;
import dev.sightline.pipeline.spanmetrics.SpanMetricsConfig;
import dev.sightline.store.EventStore;
import dev.sightline.store.chunk.ChunkEventStore;
import dev.sightline.store.lucene.LuceneEventStore;
import dev.sightline.store.wal.WalOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The server's ingest path in one thread, without HTTP: request bodies decoded by the receivers' own
 * decoders, redacted, and stored in a real {@link LuceneEventStore} (WAL fsynced per batch, as the
 * server does). Prints the CPU each stage takes per event, so a change to decoding, mapping or indexing
 * can be judged in seconds rather than with a full load against a peer (sections 1 and 5 of
 * BENCHMARKS.md remain the measure of record; this is the tool for finding where the time goes).
 *
 * <pre>
 * IngestPathBench --kind logs --file logs.ndjson [--events 1m] [--batch 2000] [--rounds 3]
 * IngestPathBench --kind spans [--events 1m] [--batch 512] [--rounds 3]
 * (both also [--engine lucene|chunks] (the event store, lucene by default) and [--refresh-ms 500]: the
 * Lucene store's refresh interval, which sets how small flushed segments are)
 * </pre>
 * Each round stores every event into a fresh data directory; the first round warms the JIT.
 */
public final class IngestPathBench {
  private static final Set<String> OPTIONS = Set.of("kind", "file", "events", "batch", "rounds", "dir", "seed",
      "refresh-ms", "engine");
  private static final Set<String> FLAGS = Set.of("help", "no-fsync");
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private IngestPathBench() { }

  public static void main(String[] argv) throws Exception {
    Args args = Args.parse(argv, OPTIONS, FLAGS);
    if (args.flag("help")) {
      System.out.println("IngestPathBench --kind logs|spans [--file NDJSON] [--events 1m] [--batch N] [--rounds 3]"
          + " [--engine lucene|chunks] [--refresh-ms 500] [--dir TMPDIR] [--no-fsync]");
      return;
    }
    String kind = args.required("kind");
    long events = args.count("events", 1_000_000);
    int rounds = args.intCount("rounds", 3);
    Path root = Files.createTempDirectory(Path.of(args.string("dir", System.getProperty("java.io.tmpdir"))),
        "ingestpath");
    try {
      List<byte[]> bodies = switch (kind) {
        case "logs" -> ndjsonBodies(Path.of(args.required("file")), events, args.intCount("batch", 2000));
        case "spans" -> otlpBodies(args.count("seed", 42), events, args.intCount("batch", 512));
        default -> throw new IllegalArgumentException("--kind must be logs or spans, not " + kind);
      };
      System.out.printf("%s: %,d request bodies%n", kind, bodies.size());
      for (int r = 1; r <= rounds; r++) {
        Path dir = Files.createTempDirectory(root, "round" + r);
        try {
          round(kind, r, bodies, dir, !args.flag("no-fsync"), Duration.ofMillis(args.count("refresh-ms", 500)),
              args.string("engine", "lucene"));
        } finally {
          Trees.delete(dir);
        }
      }
    } finally {
      Trees.delete(root);
    }
  }

  private static EventStore store(String engine, Path dir, boolean fsync, Duration refresh) {
    WalOptions wal = WalOptions.builder().fsyncPolicy(fsync ? dev.sightline.store.wal.FsyncPolicy.ALWAYS
        : dev.sightline.store.wal.FsyncPolicy.NEVER).build();
    return switch (engine) {
      case "lucene" -> LuceneEventStore.builder().dataDir(dir).refreshInterval(refresh).walOptions(wal).build();
      case "chunks" -> ChunkEventStore.builder().dataDir(dir).walOptions(wal).build();
      default -> throw new IllegalArgumentException("--engine must be lucene or chunks, not " + engine);
    };
  }

  private static void round(String kind, int round, List<byte[]> bodies, Path dir, boolean fsync, Duration refresh,
                            String engine) throws IOException {
    IngestLimits limits = IngestLimits.builder().build();
    Clock clock = Clock.systemUTC();
    Redactor redactor = Redactor.defaults();
    long decodeNs = 0;
    long redactNs = 0;
    long storeNs = 0;
    long count = 0;
    long wall0 = System.nanoTime();
    long gc0 = gcMillis();
    long processCpu0 = processCpuNanos();
    try (EventStore store = store(engine, dir, fsync, refresh)) {
      store.start();
      if (kind.equals("logs")) {
        NdjsonLogDecoder decoder = NdjsonLogDecoder.create(limits, clock);
        var consumer = store.logConsumer();
        for (byte[] body : bodies) {
          long t0 = cpu();
          DecodeResult<LogRecord> decoded = decoder.decode(body);
          long t1 = cpu();
          List<LogRecord> clean = redactor.redactLogs(decoded.accepted());
          long t2 = cpu();
          consumer.accept(clean);
          long t3 = cpu();
          decodeNs += t1 - t0;
          redactNs += t2 - t1;
          storeNs += t3 - t2;
          count += clean.size();
        }
      } else {
        OtlpTraceDecoder decoder = OtlpTraceDecoder.create(limits, clock);
        SpanMetrics metrics = SpanMetrics.create(SpanMetricsConfig.defaults(), clock);
        SpanPipeline pipeline = new SpanPipeline(Redactor.defaults(), metrics,
            TailSampler.create(TailSamplingConfig.disabled(), clock), store.spanConsumer());
        for (byte[] body : bodies) {
          long t0 = cpu();
          DecodeResult<Span> decoded = decoder.decodeProtobuf(body);
          long t1 = cpu();
          pipeline.accept(decoded.accepted()); // redaction, span metrics, store
          long t2 = cpu();
          decodeNs += t1 - t0;
          storeNs += t2 - t1;
          count += decoded.accepted().size();
        }
      }
      long wall = System.nanoTime() - wall0;
      long processCpu = processCpuNanos();
      System.out.printf("round %d: %,d %s in %.2f s = %,.0f/s one thread; per event: decode %.2f us, redact %.2f us,"
              + " pipeline+store %.2f us (this thread); gc %d ms%n", round, count, kind, wall / 1e9, count / (wall / 1e9),
          decodeNs / 1e3 / count, redactNs / 1e3 / count, storeNs / 1e3 / count, gcMillis() - gc0);
      System.out.printf("RESULT round=%d kind=%s events=%d wall_s=%.2f thread_cpu_us_per_event=%.2f process_cpu_s=%.1f"
          + " round_process_cpu_us_per_event=%.2f data_bytes_per_event=%.1f%n", round, kind, count, wall / 1e9,
          (decodeNs + redactNs + storeNs) / 1e3 / count, processCpu / 1e9, (processCpu - processCpu0) / 1e3 / count,
          Trees.sizeBytes(dir) / (double) count);
    }
    // After close: the last commit's segments only (running merges were given up), without the WAL.
    System.out.printf("RESULT round=%d kind=%s index_bytes_per_event_closed=%.1f%n", round, kind,
        indexBytes(dir) / (double) count);
  }

  private static long indexBytes(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/wal/"))
          .mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static long cpu() {
    return THREADS.getCurrentThreadCpuTime();
  }

  /** The whole JVM's CPU time so far. */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionTime())).sum();
  }

  /** The file's first {@code events} lines as NDJSON request bodies of {@code batch} lines. */
  static List<byte[]> ndjsonBodies(Path file, long events, int batch) throws IOException {
    List<byte[]> bodies = new ArrayList<>();
    StringBuilder body = new StringBuilder();
    int lines = 0;
    long read = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while (read < events && (line = in.readLine()) != null) {
        body.append(line).append('\n');
        read++;
        if (++lines == batch) {
          bodies.add(body.toString().getBytes(StandardCharsets.UTF_8));
          body.setLength(0);
          lines = 0;
        }
      }
    }
    if (lines > 0) {
      bodies.add(body.toString().getBytes(StandardCharsets.UTF_8));
    }
    return bodies;
  }

  private static List<byte[]> otlpBodies(long seed, long events, int batch) {
    TraceGenerator gen = TraceGenerator.of(seed, System.currentTimeMillis() * 1_000_000L);
    List<byte[]> bodies = new ArrayList<>();
    List<BenchSpan> pending = new ArrayList<>();
    long made = 0;
    while (made < events) {
      List<BenchSpan> trace = gen.next();
      made += trace.size();
      pending.addAll(trace);
      if (pending.size() >= batch || made >= events) {
        bodies.add(OtlpEncoder.encode(pending));
        pending = new ArrayList<>();
      }
    }
    return bodies;
  }
}
