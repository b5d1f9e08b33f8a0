package dev.sightline.store.lucene;

import dev.sightline.store.EventSearchRandomizedSuite;
import dev.sightline.store.EventStore;
import dev.sightline.store.wal.FsyncPolicy;
import dev.sightline.store.wal.WalOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;

/** The randomized search suite against the Lucene store. */
class EventSearchRandomizedTest extends EventSearchRandomizedSuite {
  @Override
  protected EventStore openStore(Path dir) {
    return LuceneEventStore.builder().dataDir(dir).clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .walOptions(WalOptions.builder().fsyncPolicy(FsyncPolicy.NEVER).build()).build();
  }

  /** Lucene answers most random filters exactly from its index. */
  @Override
  protected int minimumCounted() {
    return 101;
  }

  @Override
  protected void makeVisible(EventStore store) throws IOException {
    ((LuceneEventStore) store).refresh();
  }
}
