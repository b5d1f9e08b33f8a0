package dev.sightline.bench;

import dev.sightline.bench.internal.Args;
import dev.sightline.bench.internal.Trees;
import dev.sightline.bench.internal.BenchSpan;
import dev.sightline.bench.internal.HeapProbe;
import dev.sightline.bench.internal.ManualClock;
import dev.sightline.bench.internal.ModelSpans;
import dev.sightline.bench.internal.TraceGenerator;
import dev.sightline.model.Span;
import dev.sightline.pipeline.SpanPipeline;
import dev.sightline.pipeline.redaction.Redactor;
import dev.sightline.pipeline.sampling.TailSampler;
import dev.sightline.pipeline.sampling.TailSamplingConfig;
import dev.sightline.pipeline.sampling.TailSamplingConfig.PolicyConfig;
import dev.sightline.pipeline.spanmetrics.SpanMetrics;
import dev.sightline.pipeline.spanmetrics.SpanMetricsConfig;
import dev.sightline.store.lucene.LuceneEventStore;
import dev.sightline.store.wal.WalOptions;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Issue 8's benchmark, in process: spans/s through {@link SpanPipeline} (redaction, span metrics, tail
 * sampler, a real {@link LuceneEventStore}) with tail sampling off and on (the shipped example policy:
 * errors, latency over 2 s, 10% probabilistic; decision wait 5 s on a simulated clock that follows the
 * generated traces' time); then the heap retained per buffered trace, measured by filling a lone
 * {@link TailSampler} whose decision wait never ends, against its own {@link TailSampler#heldBytes()}.
 */
public final class TailSamplingBench {
  private static final Set<String> OPTIONS = Set.of("spans", "warmup-spans", "batch-spans", "repeat", "buffer-traces",
      "seed", "dir");
  private static final Set<String> FLAGS = Set.of("help");

  private TailSamplingBench() { }

  public static void main(String[] argv) throws Exception {
    Args args = Args.parse(argv, OPTIONS, FLAGS);
    if (args.flag("help")) {
      System.out.println("TailSamplingBench [--spans 100k] [--warmup-spans 20k] [--batch-spans 512] [--repeat 2]"
          + " [--buffer-traces 20000] [--seed 42] [--dir TMPDIR]");
      return;
    }
    long seed = args.count("seed", 42);
    int batchSpans = args.intCount("batch-spans", 512);
    Path root = Files.createTempDirectory(Path.of(args.string("dir", System.getProperty("java.io.tmpdir"))), "tailbench");
    long base = System.currentTimeMillis() * 1_000_000L;
    try {
      List<Batch> warm = generate(seed + 1, base, args.count("warmup-spans", 20_000), batchSpans);
      List<Batch> load = generate(seed, base, args.count("spans", 100_000), batchSpans);
      long spans = load.stream().mapToLong(b -> b.spans.size()).sum();
      System.out.printf("generated %,d spans in %,d batches (+%,d warm-up spans)%n", spans, load.size(),
          warm.stream().mapToLong(b -> b.spans.size()).sum());
      run("warm-up off", false, warm, root);
      run("warm-up on ", true, warm, root);
      for (int r = 0; r < args.intCount("repeat", 2); r++) {
        run("off", false, load, root);
        run("on ", true, load, root);
      }
      load = null;
      warm = null;
      bufferMemory(seed + 2, base, args.intCount("buffer-traces", 20_000), batchSpans);
    } finally {
      Trees.delete(root);
    }
  }

  /** The example policy of examples/sightline.yaml, with a 5 s decision wait. */
  static TailSamplingConfig examplePolicy(Duration wait, int numTraces, long maxBytes) {
    return new TailSamplingConfig(true, wait, numTraces, maxBytes, null, null, List.of(
        PolicyConfig.statusCode("errors", "ERROR"),
        PolicyConfig.latency("slow", 2000, null),
        PolicyConfig.probabilistic("ten-percent", 10, null)));
  }

  private static void run(String label, boolean sampling, List<Batch> batches, Path root) throws IOException {
    Path dir = Files.createTempDirectory(root, "store");
    ManualClock clock = new ManualClock(Instant.ofEpochMilli(batches.get(0).endMillis));
    TailSampler sampler = TailSampler.create(sampling ? examplePolicy(Duration.ofSeconds(5), 50_000, 64L << 20)
        : TailSamplingConfig.disabled(), clock);
    long spans = 0;
    double seconds;
    try (LuceneEventStore store = LuceneEventStore.builder().dataDir(dir).walOptions(WalOptions.defaults()).build()) {
      store.start();
      SpanPipeline pipeline = new SpanPipeline(Redactor.defaults(), SpanMetrics.create(SpanMetricsConfig.defaults(), clock),
          sampler, store.spanConsumer());
      long t0 = System.nanoTime();
      for (Batch b : batches) {
        clock.set(Instant.ofEpochMilli(b.endMillis));
        pipeline.accept(b.spans);
        pipeline.flushDue();
        spans += b.spans.size();
      }
      pipeline.flushAll();
      seconds = (System.nanoTime() - t0) / 1e9;
    } finally {
      Trees.delete(dir);
    }
    String detail = sampling
        ? String.format(" stored=%,d (%.1f%%) traces kept=%,d dropped=%,d decided-early=%,d", sampler.spansReleased(),
            100.0 * sampler.spansReleased() / spans, sampler.tracesSampled(), sampler.tracesNotSampled(),
            sampler.tracesDecidedEarly())
        : " stored=all";
    System.out.printf("RESULT %s spans=%d seconds=%.2f spans_per_s=%.0f%s%n", label, spans, seconds, spans / seconds,
        detail);
  }

  private static void bufferMemory(long seed, long base, int traces, int batchSpans) {
    ManualClock clock = new ManualClock(Instant.ofEpochMilli(base / 1_000_000L));
    TraceGenerator gen = TraceGenerator.of(seed, base);
    // Room for every trace and no decision for an hour: the sampler holds all of them.
    TailSampler sampler = TailSampler.create(examplePolicy(Duration.ofHours(1), traces + 1, Long.MAX_VALUE / 4), clock);
    long before = HeapProbe.usedAfterGc(5);
    List<BenchSpan> pending = new ArrayList<>();
    for (int i = 0; i < traces; i++) {
      pending.addAll(gen.next());
      if (pending.size() >= batchSpans || i == traces - 1) {
        sampler.offer(ModelSpans.batch(pending));
        pending.clear();
      }
    }
    for (int r = 1; r <= 3; r++) {
      long after = HeapProbe.usedAfterGc(5);
      long delta = after - before;
      System.out.printf("RESULT buffer sample=%d traces=%,d spans=%,d heap_delta=%s bytes_per_trace=%,d"
              + " bytes_per_span=%,d heldBytes=%s heldBytes_per_trace=%,d measured/estimate=%.2f%n", r,
          sampler.heldTraces(), sampler.heldSpans(), HeapProbe.mib(delta), delta / traces, delta / sampler.heldSpans(),
          HeapProbe.mib(sampler.heldBytes()), sampler.heldBytes() / traces, (double) delta / sampler.heldBytes());
    }
    Reference.reachabilityFence(sampler);
  }

  private record Batch(List<Span> spans, long endMillis) { }

  /** Whole traces per batch, at least {@code batchSpans} spans, converted to model spans up front. */
  private static List<Batch> generate(long seed, long base, long spans, int batchSpans) {
    TraceGenerator gen = TraceGenerator.of(seed, base);
    List<Batch> out = new ArrayList<>();
    List<BenchSpan> pending = new ArrayList<>();
    long made = 0;
    long end = 0;
    while (made < spans) {
      List<BenchSpan> trace = gen.next();
      made += trace.size();
      pending.addAll(trace);
      end = Math.max(end, trace.get(0).endNanos());
      if (pending.size() >= batchSpans || made >= spans) {
        out.add(new Batch(ModelSpans.batch(pending), end / 1_000_000L));
        pending = new ArrayList<>();
      }
    }
    return out;
  }
}
