package dev.sightline.store.chunk;

import dev.sightline.store.EventSearchRandomizedSuite;
import dev.sightline.store.EventStore;
import dev.sightline.store.wal.FsyncPolicy;
import dev.sightline.store.wal.WalOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;

/**
 * The randomized search suite against the chunk store, in chunks of 16 records, so that searches cross
 * sealed chunks and open heads, and id filters skip chunks by their Bloom filters.
 */
class ChunkEventSearchRandomizedTest extends EventSearchRandomizedSuite {
  @Override
  protected EventStore openStore(Path dir) {
    return ChunkEventStore.builder().dataDir(dir).clock(Clock.fixed(NOW, ZoneOffset.UTC)).chunkRecords(16)
        .walOptions(WalOptions.builder().fsyncPolicy(FsyncPolicy.NEVER).build()).build();
  }

  /** Chunks keep no per-record index, so the store never counts without reading. */
  @Override
  protected int minimumCounted() {
    return 0;
  }

  @Override
  protected void makeVisible(EventStore store) {
    // accepted records are searchable at once
  }
}
