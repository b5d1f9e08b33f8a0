package dev.sightline.store.chunk;

import dev.sightline.store.EventStore;
import dev.sightline.store.EventStoreConformanceTest;
import dev.sightline.store.wal.FsyncPolicy;
import dev.sightline.store.wal.WalOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;

/** Binds the event store contract to the chunk store, with chunks small enough that tests seal many. */
class ChunkEventStoreTest extends EventStoreConformanceTest {
  @Override
  protected EventStore openStore(Path dataDir) {
    return ChunkEventStore.builder()
        .dataDir(dataDir)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .chunkRecords(4)
        .walOptions(WalOptions.builder().fsyncPolicy(FsyncPolicy.NEVER).build()) // tests need no power-loss safety
        .build();
  }
}
