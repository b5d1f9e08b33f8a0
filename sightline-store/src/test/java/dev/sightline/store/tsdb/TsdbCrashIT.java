package dev.sightline.store.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.store.metrics.LabelMatcher;
import dev.sightline.store.metrics.Series;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILLs a JVM that is committing samples; every batch it acknowledged must be there after restart. */
class TsdbCrashIT {
  static final int SERIES = 20;

  @TempDir
  Path dir;

  @Test
  void acknowledgedSamplesSurviveSigkill() throws Exception {
    // 1200 commits of 1 s span 20 min: the child cuts a 10 min block and checkpoints before the kill.
    long lastAcked = runChildUntilKilled(1200);
    try (Tsdb tsdb = Tsdb.builder().dataDir(dir).maintenanceInterval(Duration.ZERO)
        .blockDuration(Duration.ofMinutes(10)).retentionTime(Duration.ZERO).build()) {
      tsdb.start();
      assertThat(tsdb.blockCount()).isPositive();
      List<Series> all = tsdb.querier().select(0, Long.MAX_VALUE, List.of(LabelMatcher.equal("__name__", "crash")));
      assertThat(all).hasSize(SERIES);
      for (Series s : all) {
        // Every acknowledged batch is there; one more may be, if it was written but not yet announced.
        assertThat(s.size()).as("%s", s.labels()).isGreaterThan((int) lastAcked);
        for (int k = 0; k < s.size(); k++) {
          assertThat(s.timestamps()[k]).isEqualTo(k * 1000L);
          assertThat(s.values()[k]).isEqualTo(k);
        }
      }
    }
  }

  /** Starts the child, reads its acknowledgements until {@code target}, kills it with SIGKILL. */
  private long runChildUntilKilled(long target) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        TsdbCrashChild.class.getName(), dir.toString()).redirectErrorStream(true).start();
    long last = -1;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("committed ")) {
          last = Long.parseLong(line.substring("committed ".length()));
          if (last >= target) {
            break;
          }
        } else if (!line.startsWith("SLF4J")) {
          System.err.println("child: " + line);
        }
      }
      p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no close
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(last).as("child acknowledged commits").isGreaterThanOrEqualTo(target);
    return last;
  }
}
