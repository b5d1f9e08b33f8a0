package dev.sightline.store.tsdb;

import dev.sightline.model.metric.Labels;
import dev.sightline.store.metrics.MetricAppender;
import dev.sightline.store.tsdb.internal.TsdbEngine;
import dev.sightline.store.wal.FsyncPolicy;
import dev.sightline.store.wal.WalOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * Measures the TSDB's memory per active series and bytes per sample on a synthetic scrape workload, for
 * the bench module and for people sizing a machine; never asserted on in tests (timings and heap vary).
 *
 * <pre>{@code
 * TsdbFootprint.Result r = TsdbFootprint.measure(Files.createTempDirectory("fp"), 10_000, 720);
 * // or: java -cp ... dev.sightline.store.tsdb.TsdbFootprint 10000 720
 * }</pre>
 *
 * <p>The workload: series of 5 labels (name, job, instance, path, id), one sample every 15 s, half of
 * them counters growing by small integers and half gauges that take a new one-decimal value at one
 * scrape in five. Random-noise gauges cost more (about 5 bytes a sample): XOR compression pays off
 * only when values repeat or change little, as most exporters' values do.
 */
public final class TsdbFootprint {
  private static final long STEP_MS = 15_000;

  /**
   * @param heapBytesPerSeries heap growth after GC divided by series (labels, index, chunks); approximate
   * @param headBytesPerSample encoded head chunk bytes per sample
   * @param blockBytesPerSample block directory bytes (chunks, index, meta) per sample, after a cut
   */
  public record Result(int series, long samples, double heapBytesPerSeries, double headBytesPerSample,
      double blockBytesPerSample) {
    @Override
    public String toString() {
      return String.format("series=%d samples=%d heap/series=%.0f B head/sample=%.2f B block/sample=%.2f B",
          series, samples, heapBytesPerSeries, headBytesPerSample, blockBytesPerSample);
    }
  }

  private TsdbFootprint() {}

  /**
   * Appends {@code samplesPerSeries} samples to each of {@code series} series in a TSDB under
   * {@code dir} (fsync off), measures, then cuts the head into blocks and measures the blocks.
   */
  public static Result measure(Path dir, int series, int samplesPerSeries) throws IOException {
    Labels[] labels = new Labels[series];
    for (int i = 0; i < series; i++) {
      labels[i] = Labels.of("__name__", "bench_metric_" + (i % 50), "job", "job" + (i % 7),
          "instance", "10.0." + (i / 250) + "." + (i % 250) + ":9100", "path", "/api/v" + (i % 13),
          "id", Integer.toString(i));
    }
    try (Tsdb tsdb = Tsdb.builder().dataDir(dir).retentionTime(Duration.ZERO)
        .maintenanceInterval(Duration.ZERO).limits(TsdbLimits.unlimited())
        .walOptions(WalOptions.builder().fsyncPolicy(FsyncPolicy.NEVER).build()).build()) {
      tsdb.start();
      long heapBefore = usedHeapAfterGc();
      SplittableRandom r = new SplittableRandom(42);
      double[] last = new double[series];
      for (int k = 0; k < samplesPerSeries; k++) {
        MetricAppender a = tsdb.appender();
        for (int i = 0; i < series; i++) {
          if (i % 2 == 0) {
            last[i] += r.nextInt(10);
          } else if (r.nextInt(5) == 0) {
            last[i] = Math.round(r.nextDouble() * 1000) / 10.0;
          }
          a.append(labels[i], k * STEP_MS, last[i]);
        }
        a.commit();
      }
      long heapAfter = usedHeapAfterGc();
      TsdbEngine engine = tsdb.engine();
      long samples = engine.headSamples();
      double headPerSample = samples == 0 ? 0 : (double) engine.headChunkBytes() / samples;
      // Push the head far enough ahead that everything before it is cut into blocks.
      MetricAppender a = tsdb.appender();
      a.append(Labels.of("__name__", "footprint_fence"), samplesPerSeries * STEP_MS + Duration.ofHours(5).toMillis(), 0);
      a.commit();
      tsdb.maintain();
      double blockPerSample = engine.blockSamples() == 0 ? 0 : (double) engine.blockBytes() / engine.blockSamples();
      return new Result(series, samples, (double) (heapAfter - heapBefore) / series, headPerSample, blockPerSample);
    }
  }

  private static long usedHeapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  /** {@code TsdbFootprint [series] [samplesPerSeries]}; prints one line. */
  public static void main(String[] args) throws IOException {
    int series = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int samples = args.length > 1 ? Integer.parseInt(args[1]) : 720;
    Path dir = Files.createTempDirectory("sightline-tsdb-footprint");
    System.out.println(measure(dir, series, samples));
  }
}
