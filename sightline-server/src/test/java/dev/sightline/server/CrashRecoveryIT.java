package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Sightline process under continuous ingest is killed with SIGKILL; after a restart every span
 * whose write was acknowledged is returned by the API, exactly once.
 */
class CrashRecoveryIT {
  @TempDir Path dataDir;

  @Test
  void everyAcknowledgedSpanSurvivesSigkill() throws Exception {
    // A long commit interval: the kill lands long after the last commit, so recovery must come from the WAL.
    Map<String, List<String>> acknowledged = new ConcurrentHashMap<>();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    AtomicBoolean sending = new AtomicBoolean(true);
    CountDownLatch someAcked = new CountDownLatch(50);
    try (SightlineProcess first = SightlineProcess.start(dataDir, "storage.commit_interval=1h")) {
      int port = first.otlpHttpPort();
      List<Thread> senders = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        int senderId = t;
        senders.add(Thread.ofPlatform().start(() -> {
          for (int batch = 0; sending.get() && batch < 100_000; batch++) {
            String traceId = String.format("%08x%024x", 0xc0ffee00 + senderId, batch + 1);
            List<String> spanIds = new ArrayList<>();
            Span[] spans = new Span[20];
            for (int i = 0; i < spans.length; i++) {
              String spanId = String.format("%04x%012x", senderId + 1, batch * 100L + i + 1);
              spanIds.add(spanId);
              spans[i] = BadInputIT.span(traceId, spanId).setName("op-" + i).build();
            }
            try {
              HttpResponse<Void> r = http.send(HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port + "/v1/traces"))
                  .header("Content-Type", "application/x-protobuf")
                  .timeout(Duration.ofSeconds(5))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(BadInputIT.request(spans))).build(),
                  HttpResponse.BodyHandlers.discarding());
              if (r.statusCode() == 200) {
                acknowledged.put(traceId, spanIds);
                someAcked.countDown();
              }
            } catch (Exception e) {
              return; // the server died: stop sending
            }
          }
        }));
      }
      assertThat(someAcked.await(60, TimeUnit.SECONDS)).as("ingest acknowledged before the kill").isTrue();
      first.kill();
      sending.set(false);
      for (Thread s : senders) {
        s.join(10_000);
      }
    }
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(50);

    try (SightlineProcess second = SightlineProcess.start(dataDir)) {
      HttpClient client = HttpClient.newHttpClient();
      await().atMost(Duration.ofSeconds(30)).until(() -> client.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + second.httpPort() + "/health/ready")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
      for (Map.Entry<String, List<String>> e : acknowledged.entrySet()) {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + second.httpPort() + "/api/traces/" + e.getKey())).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("trace %s acknowledged before SIGKILL", e.getKey()).isEqualTo(200);
        JsonNode trace = TraceAssertions.JSON.readTree(r.body());
        List<String> ids = new ArrayList<>();
        trace.get("spans").forEach(s -> ids.add(s.get("spanId").asText()));
        Set<String> unique = new HashSet<>(ids);
        assertThat(unique).as("no duplicates after WAL replay").hasSize(ids.size());
        assertThat(unique).containsAll(e.getValue());
      }
      assertThat(second.output()).contains("replay");
    }
  }
}
