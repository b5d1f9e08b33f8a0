package dev.sightline.store.tsdb;

import dev.sightline.model.metric.Labels;
import dev.sightline.store.metrics.MetricAppender;
import java.nio.file.Path;
import java.time.Duration;

/** Run by {@link TsdbCrashIT} in a child JVM: commits forever, printing each acknowledged batch. */
public final class TsdbCrashChild {
  private TsdbCrashChild() {}

  public static void main(String[] args) throws Exception {
    Tsdb tsdb = Tsdb.builder().dataDir(Path.of(args[0])).maintenanceInterval(Duration.ZERO)
        .blockDuration(Duration.ofMinutes(10)).retentionTime(Duration.ZERO).build();
    tsdb.start();
    for (long k = 0; ; k++) {
      MetricAppender a = tsdb.appender();
      for (int s = 0; s < TsdbCrashIT.SERIES; s++) {
        a.append(Labels.of("__name__", "crash", "s", Integer.toString(s)), k * 1000, k);
      }
      if (!a.commit().allAccepted()) {
        throw new IllegalStateException("commit " + k + " not accepted");
      }
      System.out.println("committed " + k);
      System.out.flush();
      if (k % 500 == 499) {
        tsdb.maintain(); // cut blocks and checkpoint while running, so the kill can land anywhere
      }
    }
  }
}
