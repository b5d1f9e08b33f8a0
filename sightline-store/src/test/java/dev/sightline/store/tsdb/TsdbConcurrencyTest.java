package dev.sightline.store.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.model.metric.Labels;
import dev.sightline.store.metrics.AppendResult;
import dev.sightline.store.metrics.LabelMatcher;
import dev.sightline.store.metrics.MetricAppender;
import dev.sightline.store.metrics.Series;
import dev.sightline.store.wal.FsyncPolicy;
import dev.sightline.store.wal.WalOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Appenders, queriers and maintenance at once: nothing lost, nothing torn, every read sorted. */
class TsdbConcurrencyTest {
  private static final long STEP = 10_000L;

  @TempDir
  Path dir;

  @Test
  void concurrentAppendersQueriersAndMaintenance() throws Exception {
    int writers = 4;
    int seriesPerWriter = 25;
    int rounds = 400; // 400 × 10 s spans more than one block of 30 min
    try (Tsdb tsdb = Tsdb.builder().dataDir(dir).blockDuration(Duration.ofMinutes(30))
        .retentionTime(Duration.ZERO).maintenanceInterval(Duration.ZERO)
        .walOptions(WalOptions.builder().fsyncPolicy(FsyncPolicy.NEVER).build()).build()) {
      tsdb.start();
      ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
      AtomicBoolean done = new AtomicBoolean();
      List<Future<?>> writes = new ArrayList<>();
      // Writers move through time together, as scrapes do; a writer far behind would (rightly) have
      // its samples refused once the head moved past their block window.
      CyclicBarrier lockstep = new CyclicBarrier(writers);
      for (int w = 0; w < writers; w++) {
        int writer = w;
        writes.add(pool.submit((Callable<Void>) () -> {
          MetricAppender a = tsdb.appender();
          for (int r = 0; r < rounds; r++) {
            lockstep.await();
            for (int s = 0; s < seriesPerWriter; s++) {
              a.append(Labels.of("__name__", "load", "w", "w" + writer, "s", "s" + s), r * STEP, r);
            }
            AppendResult res = a.commit();
            assertThat(res.allAccepted()).as("%s", res.errors()).isTrue();
          }
          return null;
        }));
      }
      Future<?> reader = pool.submit((Callable<Void>) () -> {
        while (!done.get()) {
          for (Series s : tsdb.querier().select(0, Long.MAX_VALUE, List.of(LabelMatcher.equal("__name__", "load")))) {
            long[] ts = s.timestamps();
            for (int i = 1; i < ts.length; i++) {
              assertThat(ts[i]).isGreaterThan(ts[i - 1]);
            }
            for (int i = 0; i < ts.length; i++) {
              assertThat(s.values()[i]).isEqualTo(ts[i] / STEP);
            }
          }
        }
        return null;
      });
      Future<?> maintenance = pool.submit((Callable<Void>) () -> {
        while (!done.get()) {
          tsdb.maintain();
        }
        return null;
      });
      for (Future<?> f : writes) {
        f.get();
      }
      done.set(true);
      reader.get();
      maintenance.get();
      pool.shutdown();

      tsdb.maintain();
      List<Series> all = tsdb.querier().select(0, Long.MAX_VALUE, List.of(LabelMatcher.equal("__name__", "load")));
      assertThat(all).hasSize(writers * seriesPerWriter);
      for (Series s : all) {
        assertThat(s.size()).as("%s", s.labels()).isEqualTo(rounds);
      }
      assertThat(tsdb.blockCount()).isPositive();
    }
  }
}
