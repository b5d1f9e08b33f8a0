package dev.sightline.store.lucene;

import dev.sightline.store.EventStore;
import dev.sightline.store.EventStoreConformanceTest;
import dev.sightline.store.wal.FsyncPolicy;
import dev.sightline.store.wal.WalOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;

/** Binds the event store contract to the Lucene store, with its default refresh interval. */
class LuceneEventStoreTest extends EventStoreConformanceTest {
  @Override
  protected EventStore openStore(Path dataDir) {
    return LuceneEventStore.builder()
        .dataDir(dataDir)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .walOptions(WalOptions.builder().fsyncPolicy(FsyncPolicy.NEVER).build()) // tests need no power-loss safety
        .build();
  }
}
