package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.sightline.model.metric.Labels;
import dev.sightline.store.metrics.MetricAppender;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Prometheus rules evaluated over Sightline's own metrics, routed to a real local webhook receiver,
 * silenced and acknowledged through the API, log-pattern counters, and a reload that keeps the previous
 * rules when the new file is broken.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertingIT {
  static final List<String> webhookBodies = new CopyOnWriteArrayList<>();
  static final HttpServer webhook = startWebhook();
  static final Path rulesDir = writeRules();

  @RegisterExtension static final SightlineExtension sightline = new SightlineExtension(
      "global.evaluation_interval=1s",
      "rule_files=['" + rulesDir.resolve("*.yml") + "']",
      "alerting={route: {receiver: team, group_by: [alertname], group_wait: 1s, group_interval: 1s, "
          + "repeat_interval: 1h}, receivers: [{name: team, webhook_configs: [{url: 'http://127.0.0.1:"
          + webhook.getAddress().getPort() + "/hook', send_resolved: true}]}]}",
      "log_metrics=[{name: payment_failures_total, query: \"'Payment failed'\", labels: [service]}]");

  static HttpServer startWebhook() {
    try {
      HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      s.createContext("/hook", ex -> {
        webhookBodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        ex.sendResponseHeaders(200, -1);
        ex.close();
      });
      s.start();
      return s;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path writeRules() {
    try {
      Path dir = Files.createTempDirectory("sightline-rules");
      // The seed's rule, verbatim but for `for`, so the test need not wait two minutes.
      Files.writeString(dir.resolve("seed.yml"), """
          groups:
            - name: checkout
              interval: 1s
              rules:
                - alert: HighErrorRate
                  expr: sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.01
                  for: 0s
                  labels:
                    severity: critical
                  annotations:
                    summary: "Error rate {{ $value | humanizePercentage }}"
                - record: job:http_requests:rate5m
                  expr: sum by (job) (rate(http_requests_total[5m]))
          """);
      return dir;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void stop() {
    webhook.stop(0);
  }

  static JsonNode get(String path) throws Exception {
    HttpResponse<String> r = sightline.get(path);
    assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
    return TraceAssertions.JSON.readTree(r.body());
  }

  @Test @Order(1)
  void ruleFiresAndTheReceiverIsNotified() throws Exception {
    MetricAppender a = sightline.server().tsdb().appender();
    long now = System.currentTimeMillis();
    for (int i = 0; i <= 20; i++) {
      long t = now - (20 - i) * 15_000L;
      a.append(Labels.of("__name__", "http_requests_total", "job", "checkout", "status", "200"), t, 100.0 * i);
      a.append(Labels.of("__name__", "http_requests_total", "job", "checkout", "status", "500"), t, 10.0 * i);
    }
    a.commit();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      JsonNode alerts = get("/api/v1/alerts").get("data").get("alerts");
      assertThat(alerts).hasSize(1);
      assertThat(alerts.get(0).get("state").asText()).isEqualTo("firing");
    });
    JsonNode alert = get("/api/v1/alerts").get("data").get("alerts").get(0);
    assertThat(alert.get("labels").get("severity").asText()).isEqualTo("critical");
    assertThat(alert.get("annotations").get("summary").asText()).startsWith("Error rate 9.");

    JsonNode rules = get("/api/v1/rules").get("data").get("groups").get(0);
    assertThat(rules.get("name").asText()).isEqualTo("checkout");
    assertThat(rules.get("rules")).hasSize(2);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get("/api/v1/query?query="
        + URLEncoder.encode("job:http_requests:rate5m", StandardCharsets.UTF_8)).get("data").get("result")).hasSize(1));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
        get("/api/v1/query?query=ALERTS").get("data").get("result").toString()).contains("HighErrorRate"));

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(webhookBodies).isNotEmpty());
    JsonNode hook = TraceAssertions.JSON.readTree(webhookBodies.get(0));
    assertThat(hook.get("version").asText()).isEqualTo("4");
    assertThat(hook.get("status").asText()).isEqualTo("firing");
    assertThat(hook.get("alerts").get(0).get("labels").get("alertname").asText()).isEqualTo("HighErrorRate");
    assertThat(get("/api/alerts/history?alertname=HighErrorRate").get("events").toString()).contains("firing");
  }

  @Test @Order(2)
  void silenceAndAckFromTheApi() throws Exception {
    String silence = """
        {"matchers": [{"name": "alertname", "op": "=", "value": "HighErrorRate"}], "duration": "1h",
         "createdBy": "oncall", "comment": "deploy in progress"}""";
    HttpResponse<String> created = sightline.post(sightline.server().httpPort(), "/api/silences", "application/json",
        silence.getBytes(StandardCharsets.UTF_8));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    String id = TraceAssertions.JSON.readTree(created.body()).get("silenceID").asText();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      JsonNode groups = get("/api/alerts").get("groups");
      assertThat(groups.toString()).contains(id);
    });
    String fingerprint = get("/api/alerts").get("groups").get(0).get("alerts").get(0).get("fingerprint").asText();
    HttpResponse<String> ack = sightline.post(sightline.server().httpPort(), "/api/alerts/" + fingerprint + "/ack",
        "application/json", "{\"by\": \"alice\", \"comment\": \"looking\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
    assertThat(get("/api/alerts").toString()).contains("alice");

    HttpResponse<String> bad = sightline.post(sightline.server().httpPort(), "/api/silences", "application/json",
        "{\"matchers\": []}".getBytes(StandardCharsets.UTF_8));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(get("/api/silences").toString()).contains("deploy in progress");
    assertThat(get("/api/alerts/noise").get("rules").toString()).contains("HighErrorRate");
  }

  @Test @Order(3)
  void logPatternsBecomeCounters() throws Exception {
    Instant t = Instant.now().minusSeconds(2);
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      lines.append("{\"timestamp\":\"").append(t.plusMillis(i)).append("\",\"level\":\"ERROR\",")
          .append("\"message\":\"Payment failed for order ").append(i).append("\",\"service\":\"payment\"}\n");
    }
    lines.append("{\"timestamp\":\"").append(t).append("\",\"message\":\"Payment ok\",\"service\":\"payment\"}\n");
    assertThat(sightline.post(sightline.server().httpPort(), "/api/logs", "application/x-ndjson",
        lines.toString().getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      sightline.server().flushSpanMetrics();
      JsonNode r = get("/api/v1/query?query=payment_failures_total").get("data").get("result");
      assertThat(r).hasSize(1);
      assertThat(r.get(0).get("metric").get("service").asText()).isEqualTo("payment");
      assertThat(r.get(0).get("value").get(1).asText()).isEqualTo("12");
    });
  }

  @Test @Order(4)
  void aBrokenRuleFileIsRefusedOnReloadAndTheOldRulesKeepRunning() throws Exception {
    Files.writeString(rulesDir.resolve("broken.yml"), "groups:\n  - name: x\n    rules:\n      - alert: Bad\n        expr: sum(\n");
    HttpResponse<String> r = sightline.post(sightline.server().httpPort(), "/-/reload", "application/json", new byte[0]);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("broken.yml");
    assertThat(get("/api/v1/rules").get("data").get("groups")).hasSize(1);
    Files.delete(rulesDir.resolve("broken.yml"));
    assertThat(sightline.post(sightline.server().httpPort(), "/-/reload", "application/json", new byte[0])
        .statusCode()).isEqualTo(200);
  }
}
