package dev.sightline.pipeline.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.model.Attributes;
import dev.sightline.model.LogRecord;
import dev.sightline.model.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One redactor shared by several receiver threads counts every mask exactly. */
class RedactorConcurrencyTest {
  @Test
  void countsAreExactUnderConcurrentUse() throws Exception {
    Redactor r = Redactor.defaults();
    int threads = 4;
    int batches = 200;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String service = "svc-" + t;
        done.add(pool.submit(() -> {
          int masked = 0;
          for (int b = 0; b < batches; b++) {
            List<LogRecord> logs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
              logs.add(LogRecord.builder().body("card 4111111111111111 user " + i)
                  .attributes(Attributes.of("password", "p" + i, "key" + (i % 3), "v"))
                  .resource(Resource.ofService(service)).build());
            }
            for (LogRecord l : r.redactLogs(logs)) {
              masked += l.body().contains("[REDACTED:card]") ? 1 : 0;
            }
          }
          return masked;
        }));
      }
      for (Future<Integer> f : done) {
        assertThat(f.get()).isEqualTo(batches * 10);
      }
    } finally {
      pool.shutdownNow();
    }
    PrivacyReport report = r.report();
    for (int t = 0; t < threads; t++) {
      assertThat(report.count("svc-" + t, "card")).isEqualTo(batches * 10);
      assertThat(report.count("svc-" + t, "key:password")).isEqualTo(batches * 10);
    }
    assertThat(report.totalRedactions()).isEqualTo(2L * threads * batches * 10);
    assertThat(report.logsScanned()).isEqualTo((long) threads * batches * 10);
  }
}
