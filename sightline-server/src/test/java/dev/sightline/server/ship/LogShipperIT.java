package dev.sightline.server.ship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.SightlineExtension;
import dev.sightline.server.SightlineServer;
import dev.sightline.server.config.ConfigLoader;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sightline ship} against a real Sightline: following a file across rotation, a restart that
 * neither loses nor repeats lines, and a server that is down for a while.
 */
class LogShipperIT {
  @RegisterExtension static final SightlineExtension sightline = new SightlineExtension();
  @TempDir Path dir;

  /** Retries without wall-clock waits worth mentioning: a short park, counted. */
  static final class CountingSleeper implements LogShipper.Sleeper {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public void sleep(Duration d) {
      calls.incrementAndGet();
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  static void append(Path file, String service, int from, int to) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < to; i++) {
      sb.append("{\"timestamp\":\"").append(Instant.now()).append("\",\"message\":\"line ").append(i)
          .append("\",\"service\":\"").append(service).append("\",\"seq\":").append(i).append("}\n");
    }
    Files.writeString(file, sb, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  static long[] countAndDistinct(SightlineExtension s, String service) throws Exception {
    String q = "{\"query\": \"SELECT count(*) AS n, count_distinct(seq) AS d FROM logs WHERE service = '"
        + service + "'\"}";
    HttpResponse<String> r = s.post(s.server().httpPort(), "/api/query", "application/json",
        q.getBytes(StandardCharsets.UTF_8));
    JsonNode row = dev.sightline.server.http.Json.MAPPER.readTree(r.body()).get("rows").get(0);
    return new long[] {row.get("n").asLong(), row.get("d").asLong()};
  }

  private static Thread run(LogShipper shipper) {
    return Thread.ofPlatform().start(() -> {
      try {
        shipper.run();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Test
  void followsRotationAndResumesAfterRestartWithoutLossOrDuplicates() throws Exception {
    Path log = dir.resolve("app.log");
    Path checkpoint = dir.resolve("ship.checkpoint");
    append(log, "rot", 0, 50);
    String url = "http://127.0.0.1:" + sightline.server().httpPort();
    LogShipper first = LogShipper.builder(url).file(log).checkpointFile(checkpoint).batchLines(20)
        .sleeper(new CountingSleeper()).build();
    Thread t1 = run(first);
    await().atMost(Duration.ofSeconds(15)).until(() -> first.shippedLines() == 50);

    // Rotate as logrotate does: rename, then the application writes a fresh file.
    append(log, "rot", 50, 60);
    Files.move(log, dir.resolve("app.log.1"));
    append(log, "rot", 60, 80);
    await().atMost(Duration.ofSeconds(15)).until(() -> first.shippedLines() == 80);
    first.stop();
    t1.join(10_000);
    first.close();

    // While the shipper is down: more lines, and another rotation.
    append(log, "rot", 80, 90);
    Files.move(log, dir.resolve("app.log.2"));
    append(log, "rot", 90, 100);
    LogShipper second = LogShipper.builder(url).file(log).checkpointFile(checkpoint).batchLines(20)
        .sleeper(new CountingSleeper()).build();
    Thread t2 = run(second);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(countAndDistinct(sightline, "rot")).containsExactly(100, 100));
    second.stop();
    t2.join(10_000);
    second.close();
    assertThat(second.shippedLines()).isEqualTo(20);
  }

  @Test
  void keepsRetryingWhileTheServerIsDownAndDeliversWhenItComesUp(@TempDir Path data) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path log = dir.resolve("down.log");
    append(log, "down", 0, 30);
    CountingSleeper sleeper = new CountingSleeper();
    LogShipper shipper = LogShipper.builder("http://127.0.0.1:" + port).file(log)
        .checkpointFile(dir.resolve("down.checkpoint")).sleeper(sleeper).build();
    Thread t = run(shipper);
    await().atMost(Duration.ofSeconds(10)).until(() -> shipper.retries() >= 3);
    assertThat(shipper.shippedLines()).isZero();

    var config = ConfigLoader.load(null, Map.of(), List.of("server.host=127.0.0.1", "server.http_port=" + port,
        "server.otlp_grpc_port=0", "server.otlp_http_port=0", "server.zipkin_port=0",
        "storage.data_dir=" + data)).config();
    try (SightlineServer server = SightlineServer.create(config, Clock.systemUTC()).start()) {
      await().atMost(Duration.ofSeconds(30)).until(() -> shipper.shippedLines() == 30);
      shipper.stop();
      t.join(10_000);
      shipper.close();
    }
  }
}
