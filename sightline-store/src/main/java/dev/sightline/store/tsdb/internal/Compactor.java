package dev.sightline.store.tsdb.internal;

import dev.sightline.model.metric.Labels;
import dev.sightline.store.tsdb.chunk.XorChunk;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges adjacent blocks into larger ones, as Prometheus does with ranges growing by 3×: blocks that
 * lie in one aligned window of 3× the block duration (then 9×, ...) up to the maximum block duration are
 * merged once the window is complete, i.e. once the head no longer accepts samples inside it. Chunks are
 * copied as they are, never re-encoded; blocks never overlap, so a series' chunks just concatenate.
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
    TreeMap<Labels, List<XorChunk>> series = new TreeMap<>();
    for (Block b : sources) { // sorted by time, so chunks append in order
      min = Math.min(min, b.meta().minTime());
      max = Math.max(max, b.meta().maxTime());
      level = Math.max(level, b.meta().level());
      for (int i = 0; i < b.numSeries(); i++) {
        series.computeIfAbsent(b.labels(i), k -> new ArrayList<>())
            .addAll(b.chunks(i, Long.MIN_VALUE, Long.MAX_VALUE));
      }
    }
    List<BlockWriter.SeriesChunks> list = new ArrayList<>(series.size());
    series.forEach((l, c) -> list.add(new BlockWriter.SeriesChunks(l, c)));
    String id = TsdbEngine.blockId(min, max, level + 1);
    BlockMeta meta = BlockWriter.write(engine.blocksDir(), id, min, max, level + 1, list);
    engine.removeBlocks(sources, Block.open(engine.blocksDir().resolve(meta.id())));
    log.info("TSDB: compacted {} into {}", sources, meta.id());
  }
}
