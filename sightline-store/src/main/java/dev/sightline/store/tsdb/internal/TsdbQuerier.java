package dev.sightline.store.tsdb.internal;

import dev.sightline.model.metric.Labels;
import dev.sightline.store.metrics.LabelMatcher;
import dev.sightline.store.metrics.MetricQuerier;
import dev.sightline.store.metrics.Series;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Reads blocks and the head as one store. Each call sees the blocks present when it starts (acquired,
 * so retention cannot delete them under it) and the head as it is while reading; a series in a block and
 * in the head (during a cut) is merged by timestamp.
 */
final class TsdbQuerier implements MetricQuerier {
  private final TsdbEngine engine;

  TsdbQuerier(TsdbEngine engine) {
    this.engine = engine;
  }

  @Override
  public List<Series> select(long mint, long maxt, List<LabelMatcher> matchers) throws IOException {
    Objects.requireNonNull(matchers, "matchers");
    TreeMap<Labels, SampleBuffer> out = new TreeMap<>();
    if (mint > maxt) {
      return List.of();
    }
    List<Block> blocks = engine.acquireBlocks(mint, maxt);
    try {
      for (Block b : blocks) {
        for (int ord : MatcherEvaluator.select(b, matchers)) {
          if (!b.overlaps(ord, mint, maxt)) {
            continue;
          }
          SampleBuffer existing = out.get(b.labels(ord));
          if (existing != null && existing.lastTime() < b.meta().minTime()) {
            b.read(ord, mint, maxt, existing); // a later block: decode straight onto the end
            continue;
          }
          SampleBuffer buf = new SampleBuffer();
          b.read(ord, mint, maxt, buf);
          merge(out, b.labels(ord), buf);
        }
      }
    } finally {
      TsdbEngine.release(blocks);
    }
    for (MemSeries s : engine.head().select(mint, maxt, matchers)) {
      SampleBuffer existing = out.get(s.labels);
      if (existing != null && existing.lastTime() < s.minTime()) {
        s.collect(mint, maxt, existing); // the head after the blocks, as usual: append in place
        continue;
      }
      SampleBuffer buf = new SampleBuffer();
      s.collect(mint, maxt, buf);
      merge(out, s.labels, buf);
    }
    List<Series> result = new ArrayList<>(out.size());
    for (Map.Entry<Labels, SampleBuffer> e : out.entrySet()) {
      result.add(new Series(e.getKey(), e.getValue().timestamps(), e.getValue().values()));
    }
    return result;
  }

  private static void merge(TreeMap<Labels, SampleBuffer> out, Labels labels, SampleBuffer buf) {
    if (buf.n == 0) {
      return;
    }
    SampleBuffer existing = out.get(labels);
    if (existing == null) {
      out.put(labels, buf);
    } else {
      existing.addAll(buf);
    }
  }

  @Override
  public List<String> labelNames(long mint, long maxt, List<LabelMatcher> matchers) throws IOException {
    TreeSet<String> names = new TreeSet<>();
    forEachSeries(mint, maxt, matchers, l -> names.addAll(l.names()));
    return List.copyOf(names);
  }

  @Override
  public List<String> labelValues(String name, long mint, long maxt, List<LabelMatcher> matchers)
      throws IOException {
    Objects.requireNonNull(name, "name");
    TreeSet<String> values = new TreeSet<>();
    forEachSeries(mint, maxt, matchers, l -> {
      String v = l.get(name);
      if (v != null) {
        values.add(v);
      }
    });
    return List.copyOf(values);
  }

  /** Labels of every series matching, with a chunk overlapping the range (not decoded: cheap, close enough). */
  private void forEachSeries(long mint, long maxt, List<LabelMatcher> matchers, Consumer<Labels> action) {
    Objects.requireNonNull(matchers, "matchers");
    if (mint > maxt) {
      return;
    }
    List<Block> blocks = engine.acquireBlocks(mint, maxt);
    try {
      for (Block b : blocks) {
        for (int ord : MatcherEvaluator.select(b, matchers)) {
          if (b.overlaps(ord, mint, maxt)) {
            action.accept(b.labels(ord));
          }
        }
      }
    } finally {
      TsdbEngine.release(blocks);
    }
    for (MemSeries s : engine.head().select(mint, maxt, matchers)) {
      action.accept(s.labels);
    }
  }
}
