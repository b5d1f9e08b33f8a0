package dev.sightline.server.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.server.SightlineExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Probing inside a real Sightline: configured in {@code probes:}, results queryable with PromQL and shown
 * by {@code /api/health/targets}, while the test takes the service's database down and brings it back.
 */
class ProbeServerIT {
  static final HealthEndpoint inventory = start();
  static final ObjectMapper json = new ObjectMapper();

  @RegisterExtension static final SightlineExtension sightline = new SightlineExtension(
      "probes=[{name: inventory, url: '" + inventory.url("/health/ready") + "', kind: ready, period: 200ms,"
          + " timeout: 200ms, failure_threshold: 2, labels: {env: test}},"
          + " {name: inventory, url: '" + inventory.url("/health/live") + "', kind: live, period: 200ms,"
          + " timeout: 200ms}]");

  static HealthEndpoint start() {
    try {
      return new HealthEndpoint();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void stopEndpoint() {
    inventory.close();
  }

  JsonNode get(String path) throws Exception {
    HttpResponse<String> r = sightline.get(path);
    assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }

  JsonNode query(String promql) throws Exception {
    return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).path("data").path("result");
  }

  JsonNode probe(String kind) throws Exception {
    for (JsonNode p : get("/api/health/targets/inventory").path("probes")) {
      if (p.path("kind").asText().equals(kind)) {
        return p;
      }
    }
    throw new AssertionError("no " + kind + " probe");
  }

  @Test
  void readinessGoesDownAndBackWhileLivenessStaysUp() throws Exception {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      JsonNode r = query("probe_success{service=\"inventory\", kind=\"ready\"}");
      assertThat(r).hasSize(1);
      assertThat(r.get(0).path("value").get(1).asText()).isEqualTo("1");
      JsonNode m = r.get(0).path("metric");
      assertThat(m.path("instance").asText()).startsWith("127.0.0.1:");
      assertThat(m.path("env").asText()).isEqualTo("test");
    });
    assertThat(probe("ready").path("state").asText()).isEqualTo("UP");

    inventory.databaseUp.set(false);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(probe("ready").path("state").asText()).isEqualTo("DOWN");
      JsonNode state = query("max by (service) (probe_state{kind=\"ready\"}) == 0");
      assertThat(state).hasSize(1);
      assertThat(state.get(0).path("metric").path("service").asText()).isEqualTo("inventory");
    });
    JsonNode ready = probe("ready");
    assertThat(ready.path("last_status_code").asInt()).isEqualTo(503);
    assertThat(ready.path("last_error").asText()).isEqualTo("HTTP 503");
    assertThat(ready.path("consecutive_failures").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(ready.path("last_failure_body").path("status").asText()).isEqualTo("DOWN");
    assertThat(ready.path("last_failure_body").toString()).contains("warehouse database unreachable");
    JsonNode live = probe("live");
    assertThat(live.path("state").asText()).isEqualTo("UP");
    assertThat(live.path("last_status_code").asInt()).isEqualTo(200);
    assertThat(get("/api/health/targets/inventory").path("state").asText()).isEqualTo("DOWN");
    assertThat(query("probe_http_status_code{service=\"inventory\", kind=\"ready\"}").get(0)
        .path("value").get(1).asText()).isEqualTo("503");

    inventory.databaseUp.set(true);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(probe("ready").path("state").asText()).isEqualTo("UP"));
  }

  @Test
  void targetsApiListsEveryProbeWithItsLastResultAndHistory() throws Exception {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(get("/api/health/targets").path("targets")).allSatisfy(t ->
            assertThat(t.path("history").size()).isGreaterThanOrEqualTo(1)));
    JsonNode targets = get("/api/health/targets").path("targets");
    assertThat(targets).hasSize(2);
    JsonNode t = targets.get(0);
    assertThat(t.path("name").asText()).isEqualTo("inventory");
    assertThat(t.path("kind").asText()).isEqualTo("ready");
    assertThat(t.path("url").asText()).isEqualTo(inventory.url("/health/ready"));
    assertThat(t.path("state").asText()).isIn("UP", "DOWN", "UNKNOWN");
    assertThat(t.path("period_seconds").asDouble()).isEqualTo(0.2);
    assertThat(t.path("labels").path("env").asText()).isEqualTo("test");
    for (String field : new String[] {"consecutive_failures", "consecutive_successes", "last_status_code",
        "last_duration_seconds", "last_checked", "last_error", "skipped"}) {
      assertThat(t.has(field)).as(field).isTrue();
    }
    assertThat(t.path("last_checked").asText()).endsWith("Z");
    JsonNode h = t.path("history").get(0);
    assertThat(h.has("time") && h.has("success") && h.has("status_code") && h.has("duration_seconds")).isTrue();
    assertThat(targets.get(1).path("kind").asText()).isEqualTo("live");

    HttpResponse<String> missing = sightline.get("/api/health/targets/nope");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("no probes for service 'nope'");
  }
}
