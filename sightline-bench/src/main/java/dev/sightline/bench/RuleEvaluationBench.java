package dev.sightline.bench;

import dev.sightline.alerting.rules.RuleEngine;
import dev.sightline.alerting.rules.RuleGroupConfig;
import dev.sightline.bench.internal.Args;
import dev.sightline.bench.internal.Trees;
import dev.sightline.bench.internal.HeapProbe;
import dev.sightline.bench.internal.ManualClock;
import dev.sightline.bench.internal.RuleSetGenerator;
import dev.sightline.bench.internal.SeriesLayout;
import dev.sightline.query.promql.PromqlEngine;
import dev.sightline.store.metrics.MetricAppender;
import dev.sightline.store.tsdb.Tsdb;
import dev.sightline.store.tsdb.TsdbLimits;
import dev.sightline.store.wal.FsyncPolicy;
import dev.sightline.store.wal.WalOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Issue 5's benchmark: wall time of one evaluation round of N rules (default 10,000, in groups of 20)
 * over a real {@link Tsdb} holding about 100,000 series scraped every 15 s. Loads the TSDB, builds a
 * {@link RuleEngine} with the generated rules, runs warm-up rounds, then measured rounds of
 * {@link RuleEngine#evaluateAll(Instant)} 15 s apart (simulated time), and prints per-round times,
 * median, max, rules/s and heap. In-process; no HTTP. Bounded by {@code --minutes} of data and
 * {@code --rounds}.
 */
public final class RuleEvaluationBench {
  private static final Set<String> OPTIONS = Set.of("services", "routes", "instances", "minutes", "groups", "warmup",
      "rounds", "dir", "fsync");
  private static final Set<String> FLAGS = Set.of("help");
  private static final Duration STEP = Duration.ofSeconds(15);

  private RuleEvaluationBench() { }

  public static void main(String[] argv) throws Exception {
    Args args = Args.parse(argv, OPTIONS, FLAGS);
    if (args.flag("help")) {
      System.out.println("RuleEvaluationBench [--services 50] [--routes 10] [--instances 10] [--minutes 60]"
          + " [--groups 500] [--warmup 2] [--rounds 5] [--fsync true] [--dir TMPDIR]");
      return;
    }
    SeriesLayout layout = SeriesLayout.of(args.intCount("services", 50), args.intCount("routes", 10),
        args.intCount("instances", 10));
    int minutes = args.intCount("minutes", 60);
    int groups = args.intCount("groups", 500);
    int warmup = args.intCount("warmup", 2);
    int rounds = args.intCount("rounds", 5);
    Path dir = Files.createTempDirectory(Path.of(args.string("dir", System.getProperty("java.io.tmpdir"))), "rulebench");
    int steps = minutes * 60 / (int) STEP.toSeconds() + 1;
    Instant start = Instant.parse("2026-11-23T00:00:00Z");
    Instant end = start.plus(STEP.multipliedBy(steps - 1));
    ManualClock clock = new ManualClock(start);
    System.out.printf("series=%,d steps=%d (%d min at 15 s) samples=%,d dir=%s%n", layout.size(), steps, minutes,
        (long) layout.size() * steps, dir);

    // fsync on by default, as the server's storage.fsync: every rule group's commit of its results is synced.
    boolean fsync = Boolean.parseBoolean(args.string("fsync", "true"));
    System.out.println("wal fsync=" + fsync);
    try (Tsdb tsdb = Tsdb.builder().dataDir(dir).clock(clock).limits(TsdbLimits.unlimited())
        .walOptions(WalOptions.builder().fsyncPolicy(fsync ? FsyncPolicy.ALWAYS : FsyncPolicy.NEVER).build()).build()) {
      tsdb.start();
      long loadStart = System.nanoTime();
      for (int step = 0; step < steps; step++) {
        Instant t = start.plus(STEP.multipliedBy(step));
        clock.set(t);
        MetricAppender app = tsdb.appender();
        for (int s = 0; s < layout.size(); s++) {
          app.append(layout.labels(s), t.toEpochMilli(), layout.value(s, step));
        }
        app.commit();
      }
      double loadSec = (System.nanoTime() - loadStart) / 1e9;
      System.out.printf("loaded %,d series, %,d head samples in %.1f s (%,.0f samples/s); heap after GC %s%n",
          tsdb.seriesCount(), tsdb.headSamples(), loadSec, tsdb.headSamples() / loadSec,
          HeapProbe.mib(HeapProbe.usedAfterGc(3)));

      PromqlEngine promql = PromqlEngine.builder(tsdb.querier()).clock(clock).build();
      List<RuleGroupConfig> configs = RuleSetGenerator.generate(layout, groups, STEP);
      int rules = configs.stream().mapToInt(g -> g.rules().size()).sum();
      try (RuleEngine engine = RuleEngine.builder(promql, tsdb.querier(), tsdb::appender).clock(clock).build()) {
        engine.update(configs);
        long heapRules = HeapProbe.usedAfterGc(3);
        System.out.printf("rules=%,d in %d groups; heap after GC with rules loaded %s%n", rules, groups,
            HeapProbe.mib(heapRules));
        double[] ms = new double[rounds];
        long peakHeap = 0;
        for (int r = 0; r < warmup + rounds; r++) {
          Instant ts = end.plus(STEP.multipliedBy(r));
          clock.set(ts);
          long t0 = System.nanoTime();
          engine.evaluateAll(ts);
          double took = (System.nanoTime() - t0) / 1e6;
          peakHeap = Math.max(peakHeap, HeapProbe.usedNow());
          boolean measured = r >= warmup;
          if (measured) {
            ms[r - warmup] = took;
          }
          System.out.printf("%s round %d at %s: %,.0f ms (%,.0f rules/s)%n", measured ? "measured" : "warm-up ",
              r + 1, ts, took, rules / (took / 1000));
        }
        long firing = engine.alerts().stream().filter(a -> a.state().toString().equalsIgnoreCase("firing")).count();
        System.out.printf("alerts: %,d active (%,d firing); health: %s%n", engine.alerts().size(), firing,
            health(engine));
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
            : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        System.out.printf("RESULT rules=%d series=%d rounds=%d median=%.0fms max=%.0fms rules_per_s=%.0f"
                + " heap_after_gc=%s heap_peak_seen=%s%n", rules, layout.size(), rounds, median,
            sorted[sorted.length - 1], rules / (median / 1000), HeapProbe.mib(HeapProbe.usedAfterGc(3)),
            HeapProbe.mib(peakHeap));
      }
    } finally {
      Trees.delete(dir);
    }
  }

  private static String health(RuleEngine engine) {
    StringBuilder sb = new StringBuilder();
    engine.groups().stream().flatMap(g -> g.rules().stream())
        .collect(java.util.stream.Collectors.groupingBy(r -> r.health(), java.util.stream.Collectors.counting()))
        .forEach((h, n) -> sb.append(h).append('=').append(n).append(' '));
    engine.groups().stream().flatMap(g -> g.rules().stream()).filter(r -> r.lastError() != null
        && !r.lastError().isEmpty()).findFirst().ifPresent(r -> sb.append("first error: ").append(r.lastError()));
    return sb.toString().trim();
  }
}
