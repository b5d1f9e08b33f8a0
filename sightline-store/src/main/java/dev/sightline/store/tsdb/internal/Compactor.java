package dev.sightline.store.tsdb.internal;

import dev.sightline.model.metric.Labels;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges adjacent blocks into larger ones, as Prometheus does with ranges growing by 3×: blocks that
 * lie in one aligned window of 3× the block duration (then 9×, ...) up to the maximum block duration are
 * merged once the window is complete, i.e. once the head no longer accepts samples inside it. Blocks
 * never overlap, so a series' samples just concatenate; they are decoded and re-encoded into chunks as
 * long as the format allows (longer runs compress better, and format-1 blocks are upgraded on the way),
 * one series at a time.
 */
final class Compactor {
  private static final Logger log = LoggerFactory.getLogger(Compactor.class);
  private final TsdbEngine engine;
  private final EngineConfig config;

  Compactor(TsdbEngine engine, EngineConfig config) {
    this.engine = engine;
    this.config = config;
  }

  void compact() throws IOException {
    long d = config.blockDurationMs();
    for (long range = 3 * d; range <= config.maxBlockDurationMs() && range > 0; range *= 3) {
      for (List<Block> group : plan(range)) {
        merge(group);
      }
    }
  }

  /** Groups of two or more blocks inside one complete, aligned window of {@code range}. */
  private List<List<Block>> plan(long range) {
    Map<Long, List<Block>> byWindow = new LinkedHashMap<>();
    for (Block b : engine.blocks()) {
      long window = Math.floorDiv(b.meta().minTime(), range);
      if (Math.floorDiv(b.meta().maxTime() - 1, range) == window
          && b.meta().maxTime() - b.meta().minTime() < range) {
        byWindow.computeIfAbsent(window, k -> new ArrayList<>()).add(b);
      }
    }
    List<List<Block>> out = new ArrayList<>();
    byWindow.forEach((window, blocks) -> {
      long windowEnd = (window + 1) * range;
      if (blocks.size() >= 2 && windowEnd <= engine.head().minValidTime()) {
        out.add(blocks);
      }
    });
    return out;
  }

  private void merge(List<Block> sources) throws IOException {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    int level = 0;
    for (Block b : sources) {
      min = Math.min(min, b.meta().minTime());
      max = Math.max(max, b.meta().maxTime());
      level = Math.max(level, b.meta().level());
    }
    String id = TsdbEngine.blockId(min, max, level + 1);
    BlockMeta meta = BlockWriter.write(engine.blocksDir(), id, min, max, level + 1,
        config.blockDurationMs(), new MergedSeries(sources));
    engine.removeBlocks(sources, Block.open(engine.blocksDir().resolve(meta.id())));
    log.info("TSDB: compacted {} into {}", sources, meta.id());
  }

  /**
   * Merges the blocks' series, each block already sorted by labels, one series at a time; a series in
   * several blocks gets their chunks in block (time) order.
   */
  private static final class MergedSeries implements BlockWriter.SeriesSource {
    private final List<Block> blocks;
    private final int[] cursor;

    MergedSeries(List<Block> blocks) {
      this.blocks = blocks;
      this.cursor = new int[blocks.size()];
    }

    @Override
    public BlockWriter.SeriesSamples next() throws IOException {
      Labels smallest = null;
      for (int i = 0; i < blocks.size(); i++) {
        if (cursor[i] < blocks.get(i).numSeries()) {
          Labels l = blocks.get(i).labels(cursor[i]);
          if (smallest == null || l.compareTo(smallest) < 0) {
            smallest = l;
          }
        }
      }
      if (smallest == null) {
        return null;
      }
      SampleBuffer samples = new SampleBuffer();
      for (int i = 0; i < blocks.size(); i++) {
        Block b = blocks.get(i);
        if (cursor[i] < b.numSeries() && b.labels(cursor[i]).equals(smallest)) {
          SampleBuffer one = new SampleBuffer();
          b.read(cursor[i], Long.MIN_VALUE, Long.MAX_VALUE, one);
          samples.addAll(one); // in block (time) order; merges by timestamp if blocks ever overlapped
          cursor[i]++;
        }
      }
      return new BlockWriter.SeriesSamples(smallest, samples.t, samples.v, samples.n);
    }
  }
}
